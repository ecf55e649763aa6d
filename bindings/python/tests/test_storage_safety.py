"""Book.check(), read-only books and damaged files from Python."""

import os
import sqlite3
import tempfile
import unittest

import leadbook


class StorageSafetyTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.path = os.path.join(self.tmp.name, "book.db")
        with leadbook.open(self.path) as book:
            self.jane = book.leads.add(full_name="Jane Doe", company="Acme")
            self.john = book.leads.add(full_name="John Roe", company="Globex")

    def test_check_of_a_sound_book(self):
        with leadbook.open(self.path) as book:
            self.assertEqual(book.check(), {"ok": True, "problems": []})

    def test_check_names_a_value_of_the_wrong_type(self):
        other = sqlite3.connect(self.path, isolation_level=None)
        other.execute("UPDATE records SET company = x'00ff' WHERE id = ?", (self.john.id,))
        other.close()
        with leadbook.open(self.path) as book:
            report = book.check()
            self.assertFalse(report["ok"])
            self.assertIn("value", [p["kind"] for p in report["problems"]])
            self.assertTrue(any("company" in p["message"] for p in report["problems"]))
            with self.assertRaises(leadbook.Corrupt) as caught:
                book.leads.get(self.john.id)
            self.assertEqual(caught.exception.status, "corrupt")
            # The rest is still there.
            self.assertEqual(book.leads.get(self.jane.id), self.jane)
            self.assertEqual(book.leads.count(), 2)

    def test_read_only_book_refuses_writes(self):
        with open(self.path, "rb") as file:
            before = file.read()
        with leadbook.open(self.path, read_only=True) as book:
            self.assertEqual(book.leads.get(self.jane.id), self.jane)
            with self.assertRaises(leadbook.ReadOnly) as caught:
                book.leads.add(full_name="New Lead")
            self.assertIsInstance(caught.exception, leadbook.StorageError)
            self.assertIn("read-only", str(caught.exception))
            with self.assertRaises(leadbook.ReadOnly):
                book.leads.update(self.jane.id, version=self.jane.version, company="X")
            self.assertEqual(book.leads.count(), 2)
            self.assertTrue(book.check()["ok"])
        with open(self.path, "rb") as file:
            self.assertEqual(file.read(), before)

    def test_empty_path_is_refused(self):
        with self.assertRaises(leadbook.ValidationError):
            leadbook.open("")


if __name__ == "__main__":
    unittest.main()
