"""Limits reach Python as ValidationError naming the limit, with nothing
stored changed; import reports stay small and count every issue; names are
unique without regard to case in every script."""

import pathlib
import tempfile
import unittest

import leadbook


class LimitsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.dir = pathlib.Path(self.tmp.name)
        self.book = leadbook.open(self.dir / "limits.db")
        self.addCleanup(self.book.close)
        self.jane = self.book.leads.add(full_name="Jane Doe")

    def snapshot(self):
        return [lead.to_dict() for lead in self.book.leads.find(order_by="id")]

    def test_long_text_is_refused_naming_the_limit(self):
        before = self.snapshot()
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.add(full_name="n" * 4097)
        self.assertIn("text_bytes", str(caught.exception))
        self.assertIn("full_name", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError):
            self.book.leads.update(self.jane.id, version=self.jane.version, company="c" * 5000)
        self.assertEqual(self.snapshot(), before)
        self.book.leads.add(full_name="n" * 4096)  # at the limit
        self.assertEqual(self.book.leads.count(), 2)

    def test_nul_is_refused(self):
        before = self.snapshot()
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.add(full_name="Ja\x00ne")
        self.assertIn("NUL", str(caught.exception))
        self.assertEqual(self.snapshot(), before)

    def test_queries_over_a_limit(self):
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.count(where=[("full_name", "contains", "j" * 60000)])
        self.assertIn("query_text_bytes", str(caught.exception))
        self.assertNotIn("SQLite", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.count(where=[("full_name", "ne", "x")] * 2000)
        self.assertIn("query_conditions", str(caught.exception))
        self.assertEqual(self.book.leads.count(where=[("full_name", "contains", "Jane")]), 1)

    def test_import_report_lists_a_thousand_and_counts_all(self):
        rows = "".join(f"Person {i},bad-{i}\r\n" for i in range(5000))
        report = self.book.leads.import_csv(
            ("Full Name,E-mail Address\r\n" + rows).encode("utf-8"), skip_bad_rows=True)
        self.assertTrue(report.committed)
        self.assertEqual(report.skipped, 5000)
        self.assertEqual(len(report.errors), 1000)
        self.assertEqual(report.to_dict()["issue_counts"], {"errors": 5000})
        self.assertTrue(report.issues_truncated)
        self.assertEqual(self.book.leads.count(), 1)

    def test_user_names_unique_without_case(self):
        self.book.users.add(name="Ünïcödé")
        with self.assertRaises(leadbook.Conflict):
            self.book.users.add(name="ÜNÏCÖDÉ")
        self.assertEqual(self.book.users.count(), 1)


if __name__ == "__main__":
    unittest.main()
