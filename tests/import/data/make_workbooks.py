#!/usr/bin/env python3
"""Writes the small workbooks the import tests read (run from this folder):
contacts.xlsx (two sheets, shared and inline strings, a date, a number, a
rich-text string) and contacts.xls (the same first sheet, through xlwt, the
python3-xlwt package; only needed to write the file again)."""
import zipfile

RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
         'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.spreadsheetml.sheet.main+xml"/></Types>')
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'


def xlsx(path, sheets, shared, styles):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", f'<workbook {NS}><workbookPr/><sheets>' + "".join(
            f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, (name, _) in enumerate(sheets)) + "</sheets></workbook>")
        rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{REL}worksheet" '
                       f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets)))
        rels += (f'<Relationship Id="rS" Type="{REL}styles" Target="styles.xml"/>'
                 f'<Relationship Id="rT" Type="{REL}sharedStrings" Target="sharedStrings.xml"/>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships">{rels}</Relationships>')
        for i, (_, data) in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml",
                       f'<worksheet {NS}><sheetData>{data}</sheetData></worksheet>')
        z.writestr("xl/sharedStrings.xml", f'<sst {NS}>' + "".join(shared) + "</sst>")
        z.writestr("xl/styles.xml", f'<styleSheet {NS}>{styles}</styleSheet>')


def s(text):
    return f"<si><t>{text}</t></si>"


shared = [s("First Name"), s("Last Name"), s("E-mail Address"), s("Business Phone"),
          s("Company"), s("Met On"), s("Ada"), s("Lovelace"), s("ada@engines.example"),
          # rich text in runs, with a phonetic reading that is not the text
          '<si><r><t>Analytical </t></r><r><rPr><b/></rPr><t>Engines</t></r>'
          '<rPh sb="0" eb="1"><t>x</t></rPh></si>']
styles = ('<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
          '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>')
first = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
         '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c>'
         '<c r="F1" t="s"><v>5</v></c></row>'
         '<row r="2"><c r="A2" t="s"><v>6</v></c><c r="B2" t="s"><v>7</v></c>'
         '<c r="C2" t="s"><v>8</v></c><c r="D2"><v>4155550100</v></c>'
         '<c r="E2" t="s"><v>9</v></c><c r="F2" s="1"><v>46353</v></c></row>'
         # an inline string, cells left out at the end of the row
         '<row r="4"><c r="A4" t="inlineStr"><is><t>Grace</t></is></c>'
         '<c r="B4" t="inlineStr"><is><t>Hopper</t></is></c>'
         '<c r="C4" t="inlineStr"><is><t>grace@navy.example</t></is></c></row>')
second = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Full Name</t></is></c>'
          '<c r="B1" t="inlineStr"><is><t>E-mail</t></is></c></row>'
          '<row r="2"><c r="A2" t="inlineStr"><is><t>Second Sheet</t></is></c>'
          '<c r="B2" t="inlineStr"><is><t>second@sheet.example</t></is></c></row>')
xlsx("contacts.xlsx", [("Contacts", first), ("Other leads", second)], shared, styles)

try:
    import datetime
    import xlwt
except ImportError:
    pass
else:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Contacts")
    for c, text in enumerate(["First Name", "Last Name", "E-mail Address", "Business Phone",
                              "Company", "Met On"]):
        sheet.write(0, c, text)
    for c, value in enumerate(["Ada", "Lovelace", "ada@engines.example", 4155550100,
                               "Analytical Engines"]):
        sheet.write(1, c, value)
    sheet.write(1, 5, datetime.date(2026, 11, 27), xlwt.easyxf(num_format_str="dd/mm/yyyy"))
    for c, value in enumerate(["Grace", "Hopper", "grace@navy.example"]):
        sheet.write(3, c, value)
    book.add_sheet("Other leads").write(0, 0, "Full Name")
    book.save("contacts.xls")
