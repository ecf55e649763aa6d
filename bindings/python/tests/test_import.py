"""Import and export of leads: CSV from Outlook and Excel, UTF-16,
duplicates, dry runs, bad rows, progress and cancelling, export round
trips, vCard, leads from e-mails, and bad input leaving the stored leads
unchanged."""

import json
import os
import pathlib
import shutil
import tempfile
import unittest

import leadbook

DATA = pathlib.Path(__file__).resolve().parents[3] / "tests" / "import" / "data"


class ImportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.dir = pathlib.Path(self.tmp.name)
        self.book = leadbook.open(self.dir / "import.db")
        self.addCleanup(self.book.close)

    def sample(self, name):
        """A copy of a sample file in the temporary directory."""
        target = self.dir / name
        shutil.copyfile(DATA / name, target)
        return target

    def write(self, name, data):
        target = self.dir / name
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return target

    def snapshot(self):
        return [lead.to_dict() for lead in self.book.leads.find(order_by="id")]

    def by_name(self, name):
        found = list(self.book.leads.find(full_name=name))
        self.assertEqual(len(found), 1, name)
        return found[0]

    def test_outlook_csv(self):
        report = self.book.leads.import_csv(self.sample("outlook_contacts.csv"))
        self.assertEqual((report.read, report.added, report.updated, report.skipped),
                         (3, 3, 0, 0))
        self.assertEqual(report.errors, [])
        self.assertEqual(report.preset, "outlook")
        self.assertTrue(report.committed)
        jean = self.by_name("Jean Claude Dupré")
        self.assertEqual(jean.company, "Société Générale, Paris")
        self.assertEqual(jean.job_title, "Directeur")
        self.assertIn("jean.dupre@example.fr", [e.address for e in jean.emails])
        self.assertIn('Wants a quote for "Pro" plan.', jean.notes)
        self.assertEqual(self.by_name("Jürgen Müller").company, "Müller & Söhne GmbH")

    def test_semicolon_windows_1252(self):
        report = self.book.leads.import_csv(str(self.sample("excel_semicolon_1252.csv")))
        self.assertEqual(report.added, 2)
        self.assertEqual((report.encoding, report.delimiter), ("windows-1252", ";"))
        renee = self.by_name("Renée Böhm")
        self.assertEqual(renee.company, "Café Zürich")
        self.assertEqual(renee.notes, "Preis: 5€; Termin am Dienstag")
        self.by_name("André Weiß")

    def test_named_and_detected_encodings(self):
        polish = ("full_name,company\r\nPaweł Wójcik,Zakład Usług Łączności\r\n"
                  "Małgorzata Szczęsna,Przedsiębiorstwo Handlowe Kraków\r\n"
                  "Grzegorz Brzęczyszczykiewicz,Spółka Akcyjna Gdańsk Łódź\r\n")
        report = self.book.leads.import_csv(polish.encode("cp1250"))
        self.assertEqual((report.encoding, report.encoding_confidence), ("windows-1250", "high"))
        self.assertEqual(report.warnings, [])
        self.assertEqual(self.by_name("Paweł Wójcik").company, "Zakład Usług Łączności")
        report = self.book.leads.import_csv("full_name\n山田太郎\n".encode("shift_jis"),
                                            encoding="Shift_JIS")
        self.assertEqual((report.encoding, report.encoding_confidence), ("shift_jis", "certain"))
        self.by_name("山田太郎")
        report = self.book.leads.import_csv("full_name\r\nŻaneta\r\n".encode("cp1250"),
                                            dry_run=True)
        self.assertEqual(report.encoding_confidence, "low")
        self.assertIn("guessed as", report.warnings[0].reason)

    def test_bad_encodings_store_nothing(self):
        before = self.book.leads.count()
        with self.assertRaisesRegex(leadbook.ValidationError, "encoding 'x-no-such-set'"):
            self.book.leads.import_csv(b"full_name\nJane\n", encoding="x-no-such-set")
        with self.assertRaises(leadbook.ImportFailed) as caught:
            self.book.leads.import_csv(b"full_name\nJane\nBad\xffByte\n", encoding="euc-jp")
        error = caught.exception.report.errors[0]
        self.assertEqual((error.line, error.column), (3, 1))
        self.assertIn("not a character in euc-jp", error.reason)
        self.assertEqual(self.book.leads.count(), before)

    def test_utf16(self):
        report = self.book.leads.import_csv(self.sample("unicode_text_utf16le.txt"))
        self.assertEqual((report.added, report.encoding), (2, "utf-16le"))
        self.assertEqual(self.by_name("Chloé Dubois").company, "École 😀")
        self.assertEqual(self.by_name("李小龍").company, "香港電影")
        report = self.book.leads.import_csv((DATA / "utf16be_bom.csv").read_bytes())
        self.assertEqual((report.added, report.encoding), (1, "utf-16be"))
        self.by_name("Søren Kierkegaard")

    def test_user_defined_fields_get_typed_values(self):
        self.book.fields.define("lead", "Budget", "number")
        self.book.fields.define("lead", "Newsletter", "yes_no")
        self.book.fields.define("lead", "Region", "pick_list", choices=["North", "South"])
        data = ("Name;Budget;Newsletter;Region\n"
                "Max Mustermann;1.200,50;ja;north\n").encode("utf-8")
        mapping = {"Name": "full_name", "Budget": "custom.Budget",
                   "Newsletter": "custom.Newsletter", "Region": "custom.Region"}
        before = self.snapshot()
        with self.assertRaises(leadbook.ImportFailed) as failed:
            self.book.leads.import_csv(data, mapping=mapping)
        error = failed.exception.report.errors[0]
        self.assertEqual((error.line, error.column), (2, 3))
        self.assertEqual(error.reason, "'custom.Newsletter': 'ja' is not yes or no")
        self.assertEqual(error.message, "line 2, column 3 (Newsletter): 'custom.Newsletter': "
                                        "'ja' is not yes or no")
        self.assertEqual(str(failed.exception), f"nothing was imported: {error.message}")
        self.assertEqual(self.snapshot(), before)

        report = self.book.leads.import_csv(data.replace(b";ja;", b";yes;"), mapping=mapping)
        self.assertEqual(report.added, 1)
        max_ = self.by_name("Max Mustermann")
        self.assertEqual(max_.custom.Budget, 1200.5)
        self.assertIs(max_.custom.Newsletter, True)
        self.assertEqual(max_.custom.Region, "North")

    def test_bytes_and_mapping(self):
        data = "Name;Mail;Ignored\nMax Mustermann;max@example.de;x\n".encode("utf-8")
        report = self.book.leads.import_csv(
            data, mapping={"Name": "full_name", "Mail": "emails.work", "Ignored": None})
        self.assertEqual(report.added, 1)
        self.assertEqual(report.mapping.to_dict(),
                         {"Name": "full_name", "Mail": "emails.work", "Ignored": ""})
        max_ = self.by_name("Max Mustermann")
        self.assertEqual([(e.label, e.address) for e in max_.emails],
                         [("work", "max@example.de")])

    def test_arguments_by_position_or_name(self):
        report = self.book.leads.import_csv(self.sample("generic.csv"), "generic", None, "add")
        self.assertEqual((report.preset, report.added), ("generic", 2))
        report = self.book.leads.import_csv(path=self.dir / "generic.csv", dry_run=True)
        self.assertEqual((report.read, report.skipped), (2, 2))
        report = self.book.leads.import_vcard(path=self.sample("contacts_v4.vcf"))
        self.assertEqual(report.added, 1)
        captured = self.book.leads.from_email(path_or_bytes=self.sample("from_comment.eml"))
        self.assertTrue(captured.created)

    def test_duplicates_skip_and_update(self):
        self.book.leads.add(full_name="Jane Doe", company="Acme",
                            emails=[{"label": "work", "address": "jane@acme.example"}])
        path = self.write("jane.csv", "full_name,company,job_title,emails.work\n"
                                      "Jane Doe,Acme Corp,CEO,JANE@acme.example\n"
                                      "John Roe,Initech,,john@initech.example\n")
        report = self.book.leads.import_csv(path)  # duplicates="skip"
        self.assertEqual((report.read, report.added, report.updated, report.skipped),
                         (2, 1, 0, 1))
        self.assertEqual(report.duplicates[0].line, 2)
        self.assertEqual(report.duplicates[0].action, "skip")
        self.assertEqual(self.by_name("Jane Doe").company, "Acme")

        report = self.book.leads.import_csv(path, duplicates="update")
        self.assertEqual((report.added, report.updated, report.skipped), (0, 2, 0))
        jane = self.by_name("Jane Doe")
        self.assertEqual((jane.company, jane.job_title), ("Acme Corp", "CEO"))
        self.assertEqual(self.book.leads.count(), 2)

        report = self.book.leads.import_csv(path, duplicates="add")
        self.assertEqual(report.added, 2)
        self.assertEqual(self.book.leads.count(), 4)

    def test_match_on_name_and_company(self):
        self.book.leads.add(full_name="Jane Doe", company="Acme")
        path = self.write("jane.csv", "full_name,company\njane doe, ACME \nJane Doe,Initech\n")
        report = self.book.leads.import_csv(path, match_on=("full_name", "company"))
        self.assertEqual((report.added, report.skipped), (1, 1))

    def test_dry_run_stores_nothing(self):
        self.book.leads.add(full_name="Kept")
        before = self.snapshot()
        report = self.book.leads.import_csv(self.sample("outlook_contacts.csv"), dry_run=True)
        self.assertEqual((report.read, report.added), (3, 3))
        self.assertTrue(report.dry_run)
        self.assertFalse(report.committed)
        self.assertEqual(self.snapshot(), before)
        # A dry run reports bad rows instead of failing on them.
        report = self.book.leads.import_csv(self.sample("ragged.csv"), dry_run=True)
        self.assertEqual(len(report.errors), 2)
        self.assertEqual(self.snapshot(), before)

    def test_skip_bad_rows(self):
        report = self.book.leads.import_csv(self.sample("ragged.csv"), skip_bad_rows=True)
        self.assertEqual((report.read, report.added, report.skipped), (3, 1, 2))
        self.assertEqual([(e.line, e.column) for e in report.errors], [(3, 3), (4, 4)])
        self.assertIn("2 cells but the header has 3", report.errors[0].reason)
        self.assertEqual(self.book.leads.count(), 1)

    def test_bad_row_stops_the_import(self):
        self.book.leads.add(full_name="Kept")
        before = self.snapshot()
        with self.assertRaises(leadbook.ImportFailed) as caught:
            self.book.leads.import_csv(self.sample("ragged.csv"))
        self.assertIsInstance(caught.exception, leadbook.ValidationError)
        self.assertIn("line 3, column 3", str(caught.exception))
        self.assertFalse(caught.exception.report.committed)
        self.assertEqual(caught.exception.errors[0].line, 3)
        self.assertEqual(self.snapshot(), before)

    def test_progress(self):
        rows = "".join(f"Lead {i},lead{i}@example.com\n" for i in range(2500))
        seen = []
        report = self.book.leads.import_csv(("full_name,emails.work\n" + rows).encode(),
                                            on_progress=seen.append)
        self.assertEqual(report.added, 2500)
        self.assertEqual([p.read for p in seen], [1000, 2000, 2500])
        self.assertEqual(seen[-1].added, 2500)
        self.assertGreater(seen[-1].bytes_read, 0)

    def test_cancel_by_returning_false(self):
        self.book.leads.add(full_name="Kept")
        before = self.snapshot()
        rows = "".join(f"Lead {i}\n" for i in range(1500))
        calls = []

        def stop(progress):
            calls.append(progress.read)
            return False

        with self.assertRaises(leadbook.Cancelled) as caught:
            self.book.leads.import_csv(("full_name\n" + rows).encode(), on_progress=stop)
        self.assertEqual(caught.exception.status, "cancelled")
        self.assertEqual(calls, [1000])
        self.assertEqual(self.snapshot(), before)
        # None (a function that returns nothing) goes on.
        report = self.book.leads.import_vcard(self.sample("contacts_v3.vcf"),
                                              on_progress=lambda progress: None)
        self.assertEqual(report.added, 2)

    def test_cancel_by_raising(self):
        before = self.snapshot()

        class Stop(Exception):
            pass

        def fail(progress):
            raise Stop("enough")

        with self.assertRaises(Stop):
            self.book.leads.import_csv(self.sample("outlook_contacts.csv"), on_progress=fail)
        with self.assertRaises(Stop):
            self.book.leads.import_vcard(self.sample("contacts_v3.vcf"), on_progress=fail)
        self.assertEqual(self.snapshot(), before)

    def test_progress_cannot_use_the_book(self):
        def peek(progress):
            self.book.leads.count()

        with self.assertRaises(leadbook.InvalidArgument):
            self.book.leads.import_csv(self.sample("generic.csv"), on_progress=peek)
        self.assertEqual(self.book.leads.count(), 0)

    def test_export_round_trip(self):
        self.book.leads.import_csv(self.sample("outlook_contacts.csv"))
        self.book.leads.import_csv(self.sample("excel_semicolon_1252.csv"))
        self.assertEqual(self.book.leads.export_csv(self.dir / "all.csv"), 5)
        data = (self.dir / "all.csv").read_bytes()
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))

        with leadbook.open(self.dir / "copy.db") as copy:
            report = copy.leads.import_csv(self.dir / "all.csv")
            self.assertEqual((report.added, report.preset), (5, "outlook"))
            fields = ("full_name", "company", "job_title", "notes")
            mine = sorted(tuple(lead[f] for f in fields) for lead in self.book.leads.find())
            theirs = sorted(tuple(lead[f] for f in fields) for lead in copy.leads.find())
            self.assertEqual(theirs, mine)
            emails = sorted(e.address for lead in copy.leads.find() for e in lead.emails)
            self.assertIn("renee@cafe.example", emails)

    def test_export_selection_jsonl_and_vcard(self):
        self.book.leads.import_csv(self.sample("outlook_contacts.csv"))
        ana = self.by_name("Ana Silva")
        jean = self.by_name("Jean Claude Dupré")
        self.assertEqual(self.book.leads.export_jsonl(self.dir / "one.jsonl", ids=[ana.id]), 1)
        lines = (self.dir / "one.jsonl").read_text(encoding="utf-8").splitlines()
        self.assertEqual([json.loads(line)["full_name"] for line in lines], ["Ana Silva"])

        count = self.book.leads.export_jsonl(self.dir / "acme.jsonl",
                                             where=[("company", "eq", "Acme")])
        self.assertEqual(count, 1)
        count = self.book.leads.export_jsonl(self.dir / "acme.jsonl",
                                             where=("company", "starts_with", "M"))
        self.assertEqual(count, 1)
        count = self.book.leads.export_jsonl(
            self.dir / "acme.jsonl", where={"field": "company", "op": "ne", "value": "Acme"},
            ids=[ana.id, jean.id])
        self.assertEqual(count, 1)
        count = self.book.leads.export_csv(self.dir / "semi.csv", ids=[ana.id, jean.id],
                                           byte_order_mark=False, delimiter=";")
        self.assertEqual(count, 2)
        data = (self.dir / "semi.csv").read_bytes()
        self.assertTrue(data.startswith(b"First Name;Middle Name;"))

        self.assertEqual(self.book.leads.export_vcard(self.dir / "all.vcf"), 3)
        text = (self.dir / "all.vcf").read_text(encoding="utf-8")
        self.assertEqual(text.count("BEGIN:VCARD"), 3)
        self.assertIn("FN:Jürgen Müller", text)
        with leadbook.open(":memory:") as copy:
            report = copy.leads.import_vcard(self.dir / "all.vcf")
            self.assertEqual(report.added, 3)
            self.assertEqual(sorted(lead.full_name for lead in copy.leads.find()),
                             sorted(lead.full_name for lead in self.book.leads.find()))

    def test_workbooks(self):
        report = self.book.leads.import_workbook(self.sample("contacts.xlsx"),
                                                 unmapped_to_custom=True)
        self.assertEqual((report.format, report.sheet, report.read, report.added),
                         ("xlsx", "Contacts", 2, 2))
        ada = self.by_name("Ada Lovelace")
        self.assertEqual(ada.phones[0].number, "4155550100")
        self.assertEqual(ada.custom["Met On"], "2026-11-27")
        data = (DATA / "contacts.xlsx").read_bytes()
        report = self.book.leads.import_workbook(data, sheet="Other leads")
        self.assertEqual((report.sheet, report.added), ("Other leads", 1))
        report = self.book.leads.import_workbook(self.sample("contacts.xls"), dry_run=True)
        self.assertEqual((report.format, report.skipped), ("xls", 2))
        out = self.dir / "leads.xlsx"
        self.assertEqual(self.book.leads.export_xlsx(out), 3)
        other = leadbook.open(self.dir / "other.db")
        self.addCleanup(other.close)
        report = other.leads.import_workbook(out)
        self.assertEqual(report.added, 3)
        self.assertEqual(sorted(lead.full_name for lead in other.leads.find()),
                         ["Ada Lovelace", "Grace Hopper", "Second Sheet"])

    def test_bad_workbooks_store_nothing(self):
        self.book.leads.import_csv(self.sample("outlook_contacts.csv"))
        before = self.snapshot()
        data = (DATA / "contacts.xlsx").read_bytes()
        with self.assertRaisesRegex(leadbook.ValidationError,
                                    r"no sheet named 'Leeds' \(its sheets: 'Contacts', "
                                    r"'Other leads'\)"):
            self.book.leads.import_workbook(data, sheet="Leeds")
        with self.assertRaisesRegex(leadbook.ValidationError, "the workbook is corrupt"):
            self.book.leads.import_workbook(data[:len(data) // 2])
        with self.assertRaisesRegex(leadbook.ValidationError, "not an Excel workbook"):
            self.book.leads.import_workbook(b"Full Name\r\nAda\r\n")
        self.assertEqual(self.snapshot(), before)

    def test_vcard(self):
        report = self.book.leads.import_vcard(self.sample("contacts_v3.vcf"))
        self.assertEqual((report.read, report.added, report.format), (2, 2, "vcard"))
        ana = self.by_name("Ana Gonzalez")
        self.assertEqual(ana.company, "Acme, Inc.")
        self.assertEqual(ana.job_title, "Account Manager")
        self.by_name("Jürgen Müller")
        report = self.book.leads.import_vcard((DATA / "contacts_v3.vcf").read_bytes())
        self.assertEqual((report.added, report.skipped), (0, 2))
        report = self.book.leads.import_vcard(self.sample("contacts_v4.vcf"), dry_run=True)
        self.assertFalse(report.committed)
        self.assertEqual(self.book.leads.count(), 2)

    def test_from_email_created_then_found(self):
        captured = self.book.leads.from_email(self.sample("from_plain.eml"))
        self.assertTrue(captured.created)
        self.assertEqual(captured.record_kind, "lead")
        self.assertEqual(captured.lead.full_name, "Jane Doe")
        self.assertEqual(captured.message.subject, "Angebot für Ihre Firma")
        self.assertEqual(captured.message.from_address, "jane@example.com")
        item = self.book.history.get(captured.history_id)
        self.assertEqual((item.kind, item.links), ("email", [captured.lead.id]))

        again = self.book.leads.from_email((DATA / "from_plain.eml").read_bytes())
        self.assertFalse(again.created)
        self.assertEqual(again.lead.id, captured.lead.id)
        self.assertEqual(again.history_id, captured.history_id)
        self.assertEqual(self.book.leads.count(), 1)

    def test_from_email_finds_an_existing_lead(self):
        lead = self.book.leads.add(full_name="Jean Roux",
                                   emails=[{"label": "work", "address": "Jean@Example.com"}])
        message = (b"From: Jean Roux <jean@example.com>\r\nSubject: Hello\r\n"
                   b"Message-ID: <1@example.com>\r\n\r\nbody\r\n")
        captured = self.book.leads.from_email(message)
        self.assertFalse(captured.created)
        self.assertEqual(captured.lead.id, lead.id)

    # ---- bad input: an exception, and the stored leads unchanged ------------

    def assert_unchanged_after(self, exception, call, *, message=None):
        self.book.leads.add(full_name="Kept", emails=[{"label": "work",
                                                       "address": "kept@example.com"}])
        before = self.snapshot()
        history = self.book.history.count()
        with self.assertRaises(exception) as caught:
            call()
        if message:
            self.assertIn(message, str(caught.exception))
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.book.history.count(), history)
        return caught.exception

    def test_empty_file(self):
        self.assert_unchanged_after(leadbook.ValidationError,
                                    lambda: self.book.leads.import_csv(self.sample("empty.csv")),
                                    message="empty")
        self.assert_unchanged_after(leadbook.ValidationError,
                                    lambda: self.book.leads.import_csv(b""), message="empty")

    def test_header_only(self):
        self.assert_unchanged_after(
            leadbook.ValidationError,
            lambda: self.book.leads.import_csv(self.sample("header_only.csv")),
            message="no data rows")

    def test_unterminated_quote(self):
        error = self.assert_unchanged_after(
            leadbook.ImportFailed,
            lambda: self.book.leads.import_csv(self.sample("unterminated_quote.csv")),
            message="line 3")
        self.assertIn("quote", error.errors[0].reason)

    def test_unknown_mapping_target(self):
        self.assert_unchanged_after(
            leadbook.ValidationError,
            lambda: self.book.leads.import_csv(self.sample("generic.csv"),
                                               mapping={"company": "shoe_size"}),
            message="shoe_size")

    def test_message_without_from(self):
        self.assert_unchanged_after(
            leadbook.ValidationError,
            lambda: self.book.leads.from_email(self.sample("no_from.eml")), message="From")

    def test_other_bad_arguments(self):
        self.assert_unchanged_after(
            leadbook.NotFound, lambda: self.book.leads.import_csv(self.dir / "missing.csv"))
        self.assert_unchanged_after(
            leadbook.ValidationError,
            lambda: self.book.leads.import_csv(self.sample("generic.csv"), preset="lotus"))
        self.assert_unchanged_after(
            leadbook.ValidationError,
            lambda: self.book.leads.import_csv(self.sample("generic.csv"),
                                               match_on=["shoe_size"]))
        self.assert_unchanged_after(
            ValueError,
            lambda: self.book.leads.import_csv(self.sample("generic.csv"), duplicates="merge"))
        self.assert_unchanged_after(TypeError, lambda: self.book.leads.import_csv(42))
        self.assert_unchanged_after(
            TypeError, lambda: self.book.leads.import_csv(b"full_name\nA\n", on_progress=1))
        self.assert_unchanged_after(
            leadbook.ValidationError,
            lambda: self.book.leads.export_csv(self.dir / "x.csv", delimiter="|"))
        self.assert_unchanged_after(
            leadbook.ValidationError,
            lambda: self.book.leads.export_jsonl(self.dir / "x.jsonl",
                                                 where=[("shoe_size", "eq", 1)]))
        self.assert_unchanged_after(
            leadbook.NotFound,
            lambda: self.book.leads.export_vcard(self.dir / "no" / "such" / "dir.vcf"))
        self.assert_unchanged_after(
            leadbook.ValidationError, lambda: self.book.leads.from_email(b"Subject: x\r\n\r\n"))

    def test_closed_book(self):
        path = self.sample("generic.csv")
        self.book.close()
        with self.assertRaises(leadbook.InvalidArgument):
            self.book.leads.import_csv(path)


if __name__ == "__main__":
    unittest.main()
