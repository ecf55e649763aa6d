"""Reports from Python: built-in and custom reports, their groups on one and
two levels, streamed rows, CSV/JSON/HTML output, saved reports, and bad
input that raises a clear error and changes nothing stored."""

import csv
import json
import os
import tempfile
import unittest

import leadbook

# lead, assigned to, rating, stars, company (as in tests/reports/report_fixture.hpp)
LEADS = [
    ("Alice Archer", "ana", "hot", 5, "Acme"),
    ("Bob Brown", "ana", "warm", 3, "Beta"),
    ("Carla Cruz", "ana", "hot", 4, "Acme"),
    ("Dan Diaz", "ben", "cold", 1, "Gamma"),
    ("Eve Evans", "ben", "hot", 5, "Beta"),
    ("Fay Fox", None, "warm", 0, ""),
    ("Gus Gray", "ben", "warm", 3, "Acme"),
]

HOT_BY_ASSIGNED = {
    "columns": ["full_name", "company"],
    "filters": [{"field": "rating", "op": "eq", "value": "hot"}],
    "group_by": ["assigned_to"],
    "sort": [{"field": "full_name", "descending": True}],
}


class ReportsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.book = leadbook.open(os.path.join(self.tmp.name, "reports.db"))
        self.addCleanup(self.book.close)
        self.ana = self.book.users.add(name="Ana Silva", email="ana@example.com")
        self.ben = self.book.users.add(name="Ben Okafor", email="ben@example.com")
        users = {"ana": self.ana.id, "ben": self.ben.id, None: None}
        for name, user, rating, stars, company in LEADS:
            self.book.leads.add(full_name=name, assigned_to=users[user], rating=rating,
                                score={"mode": "manual", "stars": stars}, company=company)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def snapshot(self):
        """Everything stored that a report operation could change."""
        return (
            [item.to_dict() for item in self.book.reports.list()],
            [saved.to_dict() for saved in self.book.saved_reports.find()],
            [lead.to_dict() for lead in self.book.leads.find()],
        )

    # ---- running ----------------------------------------------------------

    def test_builtin_report_groups_by_stars_highest_first(self):
        with self.book.reports.run("leads_by_score") as report:
            self.assertIsInstance(report, leadbook.Report)
            self.assertEqual(report.title, "Leads by Score")
            self.assertEqual(report.total, 7)
            self.assertEqual([(g.key, g.count) for g in report.groups],
                             [(5, 2), (4, 1), (3, 2), (1, 1), (0, 1)])
            self.assertTrue(all(g.subgroups == () for g in report.groups))
            names = [row["full_name"] for row in report.rows()]
            self.assertEqual(names, ["Alice Archer", "Eve Evans", "Carla Cruz", "Bob Brown",
                                     "Gus Gray", "Dan Diaz", "Fay Fox"])
            self.assertEqual(report.group_by[0][0], "score.stars")
            self.assertIn("full_name", [field for field, heading in report.columns])

    def test_one_group_level_by_assigned_to(self):
        report = self.book.reports.run("leads_by_assigned_to")
        self.assertEqual([(g.key, g.label, g.count) for g in report.groups],
                         [(None, "(not assigned)", 1), (self.ana.id, "Ana Silva", 3),
                          (self.ben.id, "Ben Okafor", 3)])
        report.close()

    def test_two_group_levels_have_subgroups(self):
        report = self.book.reports.run("leads_by_assigned_to_and_rating")
        ana = report.groups[1]
        self.assertEqual((ana.label, ana.count), ("Ana Silva", 3))
        self.assertEqual([(s.key, s.count) for s in ana.subgroups], [("hot", 2), ("warm", 1)])
        self.assertTrue(all(isinstance(s, leadbook.ReportGroup) for s in ana.subgroups))
        self.assertEqual(sum(g.count for g in report.groups), 7)
        for group in report.groups:
            self.assertEqual(sum(s.count for s in group.subgroups), group.count)
        first = next(report.rows())
        self.assertEqual((first["assigned_to"], first["rating"]), (None, "warm"))

    def test_custom_definition(self):
        report = self.book.reports.run(HOT_BY_ASSIGNED)
        self.assertEqual(report.total, 3)
        self.assertEqual([(g.label, g.count) for g in report.groups],
                         [("Ana Silva", 2), ("Ben Okafor", 1)])
        rows = list(report.rows())
        self.assertEqual([row["full_name"] for row in rows],
                         ["Carla Cruz", "Alice Archer", "Eve Evans"])
        self.assertEqual(set(rows[0]), {"id", "assigned_to", "full_name", "company"})
        self.assertEqual(rows[0]["assigned_to"], self.ana.id)
        self.assertIn("hot", report.description)
        self.assertEqual(report.definition["filters"], HOT_BY_ASSIGNED["filters"])
        texts = list(report.rows(text=True))
        self.assertEqual(texts[0]["assigned_to"], "Ana Silva")
        self.assertEqual(texts[0]["id"], rows[0]["id"])

    def test_rows_stream_one_at_a_time_and_start_again(self):
        report = self.book.reports.run("leads_by_score")
        rows = report.rows()
        self.assertEqual(next(rows)["full_name"], "Alice Archer")
        self.assertEqual(next(rows)["full_name"], "Eve Evans")
        again = report.rows()
        self.assertEqual(next(again)["full_name"], "Alice Archer")
        with self.assertRaisesRegex(leadbook.InvalidArgument, "started this report's rows again"):
            next(rows)
        self.assertEqual(len(list(again)), 6)
        self.assertEqual(list(again), [])

    def test_limit_shows_fewer_rows_but_groups_count_every_match(self):
        report = self.book.reports.run({"group_by": ["rating"], "limit": 2})
        self.assertEqual(len(list(report.rows())), 2)
        self.assertEqual(sum(g.count for g in report.groups), 7)

    def test_closed_report_and_closed_book(self):
        report = self.book.reports.run("leads_by_score")
        report.close()
        report.close()
        with self.assertRaisesRegex(leadbook.InvalidArgument, "report is closed"):
            list(report.rows())
        other = self.book.reports.run("leads_by_score")
        self.assertFalse(other.closed)
        self.book.close()
        self.assertTrue(other.closed)
        with self.assertRaises(leadbook.InvalidArgument):
            other.to_csv()
        self.assertIn("closed", repr(other))

    # ---- output -----------------------------------------------------------

    def test_to_csv_file_is_formula_safe(self):
        self.book.leads.add(full_name="=HYPERLINK(\"x\")", rating="hot", company="@evil")
        report = self.book.reports.run(HOT_BY_ASSIGNED)
        path = self.path("hot.csv")
        self.assertEqual(report.to_csv(path), path)
        with open(path, newline="", encoding="utf-8") as file:
            table = list(csv.reader(file))
        self.assertEqual(table[0], ["Assigned to", "Name", "Company"])
        self.assertEqual(len(table), 5)
        cells = [cell for row in table for cell in row]
        self.assertFalse([cell for cell in cells if cell[:1] in ("=", "@")])
        self.assertIn("'=HYPERLINK(\"x\")", cells)
        with open(path, newline="", encoding="utf-8") as file:
            self.assertEqual(report.to_csv(), file.read())

    def test_to_json_text_and_file(self):
        report = self.book.reports.run("leads_by_assigned_to_and_rating")
        data = json.loads(report.to_json())
        self.assertEqual(data["title"], "Leads by Assigned To and Rating")
        self.assertEqual(data["total"], 7)
        self.assertEqual(len(data["rows"]), 7)
        self.assertEqual(data["groups"][1]["subgroups"][0], {"key": "hot", "label": "hot",
                                                              "count": 2})
        path = self.path("report.json")
        report.to_json(path)
        with open(path, encoding="utf-8") as file:
            self.assertEqual(json.load(file), data)

    def test_to_html_file(self):
        report = self.book.reports.run("leads_by_score")
        path = self.path("scores.html")
        report.to_html(path)
        with open(path, encoding="utf-8") as file:
            page = file.read()
        self.assertTrue(page.lstrip().lower().startswith("<!doctype html>"))
        self.assertIn("<svg", page)
        self.assertIn("Leads by Score", page)
        self.assertIn("Alice Archer", page)
        self.assertNotIn("<script", page.lower())

    def test_output_errors(self):
        report = self.book.reports.run("leads_by_score")
        with self.assertRaisesRegex(leadbook.NotFound, "cannot write the file"):
            report.to_csv(self.path(os.path.join("missing", "dir", "x.csv")))
        self.assertFalse(os.path.exists(self.path("missing")))
        with self.assertRaises(leadbook.InvalidArgument):
            report.to_html("bad\0name.html")

    # ---- saved reports ----------------------------------------------------

    def test_save_open_list_rename_delete(self):
        reports = self.book.reports
        builtins = [info.name for info in reports.list()]
        self.assertEqual(sorted(builtins), ["leads_by_assigned_to",
                                            "leads_by_assigned_to_and_rating", "leads_by_score"])
        saved = reports.save("Hot leads", HOT_BY_ASSIGNED)
        self.assertEqual((saved.name, saved.category), ("Hot leads", "Leads"))
        self.assertEqual(json.loads(saved.definition)["group_by"], ["assigned_to"])
        mine = reports.save("Acme", {"filters": [{"field": "company", "op": "eq",
                                                  "value": "Acme"}]}, category="Mine")
        self.assertEqual(mine.category, "Mine")

        opened = reports.open("hot LEADS")
        self.assertEqual(opened["filters"], HOT_BY_ASSIGNED["filters"])
        self.assertEqual(reports.run("Hot leads").total, 3)
        self.assertEqual(reports.open("leads_by_score")["group_by"],
                         [{"field": "score.stars", "descending": True}])

        self.assertEqual([(i.name, i.builtin) for i in reports.list(category="mine")],
                         [("Acme", False)])
        in_leads = [i.name for i in reports.list("Leads")]
        self.assertIn("Hot leads", in_leads)
        self.assertIn("leads_by_score", in_leads)

        replaced = reports.save("HOT LEADS", {"columns": ["full_name"]}, category="Mine",
                                replace=True)
        self.assertEqual(replaced.id, saved.id)
        self.assertEqual(reports.run("Hot leads").total, 7)

        reports.rename("Hot leads", "Everyone")
        self.assertEqual(reports.run("Everyone").total, 7)
        with self.assertRaises(leadbook.NotFound):
            reports.open("Hot leads")

        reports.delete("everyone")
        reports.delete("Acme")
        self.assertEqual(sorted(i.name for i in reports.list()), sorted(builtins))
        self.assertEqual(self.book.saved_reports.count(), 0)

    # ---- bad input changes nothing -----------------------------------------

    def assert_rejected(self, error, words, action):
        """``action`` raises ``error`` with ``words`` in its message, and
        nothing stored changes."""
        before = self.snapshot()
        with self.assertRaises(error) as caught:
            action()
        self.assertIn(words, str(caught.exception))
        self.assertEqual(self.snapshot(), before)
        return caught.exception

    def assert_bad_definition(self, definition, words):
        """A bad definition fails to run, to validate and to be saved."""
        reports = self.book.reports
        for action in (lambda: reports.run(definition),
                       lambda: reports.validate(definition),
                       lambda: reports.save("Bad one", definition)):
            error = self.assert_rejected(leadbook.ValidationError, words, action)
            self.assertIsInstance(error, ValueError)

    def test_bad_definitions(self):
        self.book.reports.save("Kept", HOT_BY_ASSIGNED)
        before = self.snapshot()
        self.assert_bad_definition({"columns": ["full_name", "shoe_size"]},
                                   "columns[1]: unknown field 'shoe_size'")
        self.assert_bad_definition({"filters": [{"field": "rating", "op": "like",
                                                 "value": "h%"}]},
                                   "'filters[0].op': 'like' is not an operator; use one of: "
                                   "eq, ne, lt, le, gt, ge, contains, starts_with, in, "
                                   "is_empty, has")
        self.assert_bad_definition({"record_type": "tickets"}, "'tickets' is not one of")
        self.assert_bad_definition({"filters": [{"field": "score.stars", "op": "eq",
                                                 "value": "five"}]},
                                   "filters[0]")
        self.assert_bad_definition({"filters": [{"field": "rating", "op": "in", "value": []}]},
                                   "needs a non-empty list of values")
        self.assert_bad_definition({"group_by": ["phones"]}, "'phones' is a list")
        self.assert_bad_definition({"colums": ["full_name"]}, "unknown field 'colums'")
        self.assert_bad_definition({"group_by": ["rating", "source", "company", "full_name"]},
                                   "at most three levels")
        self.assertEqual(self.snapshot()[1], before[1])

    def test_totals_per_group_and_overall(self):
        lead = self.book.leads.find(limit=1).__next__()
        for title, stage, price, user in (("A", "qualified", "1000.00", self.ana.id),
                                          ("B", "qualified", "250.50", self.ben.id),
                                          ("C", "negotiation", "999.99", self.ana.id)):
            self.book.opportunities.add(title=title, linked_to=lead.id, stage=stage,
                                        assigned_to=user,
                                        items=[{"item": "Seat", "unit_price": price}])
        definition = {"record_type": "opportunities", "group_by": ["stage"],
                      "totals": [{"field": "total"},
                                 {"field": "total", "weighted_by": "probability",
                                  "name": "weighted"}]}
        with self.book.reports.run(definition) as report:
            self.assertEqual(report.totals, {"sum_total": "2250.49", "weighted": "937.67"})
            self.assertEqual(report.total_fields,
                             [("sum_total", "Sum of Total"),
                              ("weighted", "Weighted sum of Total (by Probability)")])
            self.assertEqual([(g.label, g.count, g.totals) for g in report.groups],
                             [("negotiation", 1, {"sum_total": "999.99", "weighted": "500.00"}),
                              ("qualified", 2, {"sum_total": "1250.50",
                                                "weighted": "437.68"})])
            self.assertIn("All,3,2250.49,937.67", report.to_csv())

    def test_bad_totals_periods_and_time_zones(self):
        before = self.snapshot()
        self.assert_bad_definition({"totals": [{"field": "company"}]},
                                   "totals[0]: field 'company' is a text field; sum needs a "
                                   "number or money field")
        self.assert_bad_definition({"group_by": [{"field": "company", "period": "month"}]},
                                   "field 'company' is a text field, not a date or time field")
        self.assert_bad_definition({"time_zone": "Atlantis/Capital"},
                                   "unknown time zone 'Atlantis/Capital'")
        self.assert_bad_definition({"date_filters": [{"field": "created_at",
                                                      "relative": "last", "count": -1}]},
                                   "-1 is not a length")
        self.assert_bad_definition({"group_by": ["rating"], "chart": "line"},
                                   "a line chart needs a first group level by period")
        self.assertEqual(self.snapshot(), before)

    def test_wrong_value_type_names_the_field(self):
        self.assert_bad_definition({"filters": [{"field": "score.stars", "op": "gt",
                                                 "value": "five"}]},
                                   "score.stars")

    def test_saving_under_an_existing_name_needs_replace(self):
        saved = self.book.reports.save("Hot leads", HOT_BY_ASSIGNED)
        self.assert_rejected(leadbook.Conflict, "a report named 'Hot leads'",
                             lambda: self.book.reports.save("hot leads", {"columns": ["company"]}))
        self.assert_rejected(leadbook.Conflict, "built-in report",
                             lambda: self.book.reports.save("leads_by_score", HOT_BY_ASSIGNED))
        self.assertEqual(self.book.reports.open("Hot leads")["columns"],
                         HOT_BY_ASSIGNED["columns"])
        self.assertEqual(self.book.saved_reports.get(saved.id).version, saved.version)

    def test_blank_and_bad_names(self):
        reports = self.book.reports
        reports.save("Kept", HOT_BY_ASSIGNED)
        self.assert_rejected(leadbook.ValidationError, "cannot be blank",
                             lambda: reports.save("  ", HOT_BY_ASSIGNED))
        self.assert_rejected(leadbook.ValidationError, "cannot be blank",
                             lambda: reports.rename("Kept", ""))
        self.assert_rejected(leadbook.InvalidArgument, "NUL character",
                             lambda: reports.save("Kept\0more", HOT_BY_ASSIGNED))
        self.assert_rejected(TypeError, "is a str, not int", lambda: reports.save(5, {}))
        self.assert_rejected(leadbook.ValidationError, "not valid Unicode",
                             lambda: reports.save("Bad \udc80", HOT_BY_ASSIGNED))
        self.assert_rejected(TypeError, "a report definition is a dict",
                             lambda: reports.save("New", '{"columns": []}'))
        self.assert_rejected(TypeError, "is a str, not list", lambda: reports.run(["x"]))

    def test_missing_reports(self):
        reports = self.book.reports
        reports.save("Kept", HOT_BY_ASSIGNED)
        for action in (lambda: reports.open("No such report"),
                       lambda: reports.run("No such report"),
                       lambda: reports.rename("No such report", "Other"),
                       lambda: reports.delete("No such report")):
            error = self.assert_rejected(leadbook.NotFound, "no report named 'No such report'",
                                         action)
            self.assertIsInstance(error, KeyError)

    def test_builtins_cannot_be_renamed_or_deleted(self):
        reports = self.book.reports
        self.assert_rejected(leadbook.ValidationError, "leads_by_score",
                             lambda: reports.delete("leads_by_score"))
        self.assert_rejected(leadbook.ValidationError, "leads_by_score",
                             lambda: reports.rename("leads_by_score", "Scores"))

    def test_rename_onto_an_existing_name_is_a_conflict(self):
        reports = self.book.reports
        reports.save("One", HOT_BY_ASSIGNED)
        reports.save("Two", {"columns": ["company"]})
        self.assert_rejected(leadbook.Conflict, "a report named 'Two'",
                             lambda: reports.rename("One", "TWO"))


if __name__ == "__main__":
    unittest.main()
