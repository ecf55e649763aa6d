"""A PostgreSQL book from Python: leadbook.open with a postgresql:// URI.

The server is the one CTest starts (tests/postgres/server.sh); the file
LEADBOOK_TEST_POSTGRES names holds its connection string. Each test makes a
database of its own with the server's createdb.
"""

import glob
import os
import subprocess
import tempfile
import unittest
import uuid

import leadbook


def server() -> dict[str, str]:
    path = os.environ.get("LEADBOOK_TEST_POSTGRES")
    if not path:
        raise RuntimeError("LEADBOOK_TEST_POSTGRES is not set: run this test through ctest")
    with open(path, encoding="utf-8") as f:
        return dict(pair.split("=", 1) for pair in f.read().split())


def new_database_uri(password: str = "") -> str:
    s = server()
    name = "leadbook_py_" + uuid.uuid4().hex[:12]
    createdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/createdb"))[-1]
    # Without the sanitizer runtime a sanitizer build preloads into Python:
    # createdb is not built with it (and hangs at exit under it).
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    subprocess.run([createdb, "-h", s["host"], "-p", s["port"], "-U", s["user"], name],
                   check=True, env=env, timeout=120)
    extra = f"&password={password}" if password else ""
    return f"postgresql:///{name}?host={s['host']}&port={s['port']}&user={s['user']}{extra}"


class PostgresBookTest(unittest.TestCase):
    def test_add_get_find_and_a_stale_version(self):
        uri = new_database_uri()
        with leadbook.open(uri) as book:
            jane = book.leads.add(full_name="Jane Doe", company="Acme",
                                  emails=[{"label": "work", "address": "jane@acme.example"}])
            book.leads.add(full_name="John Roe", company="Globex")
            self.assertEqual(book.leads.get(jane.id).emails[0].address, "jane@acme.example")
            found = [lead.full_name for lead in book.leads.find(where=[("company", "eq", "ACME")])]
            self.assertEqual(found, ["Jane Doe"])
            self.assertEqual(book.leads.count(), 2)
            book.leads.update(jane.id, version=jane.version, job_title="CEO")
            with self.assertRaises(leadbook.Conflict):
                book.leads.update(jane.id, version=jane.version, job_title="CFO")
            self.assertEqual(book.leads.get(jane.id).job_title, "CEO")
        with leadbook.open(uri) as again:  # another connection sees it all
            self.assertEqual(again.leads.count(), 2)

    def test_a_password_shows_neither_in_repr_nor_in_errors(self):
        uri = new_database_uri(password="S3cret-pw")
        with leadbook.open(uri) as book:  # trust authentication ignores it
            self.assertNotIn("S3cret-pw", repr(book))
            self.assertNotIn("S3cret-pw", book.path)
            self.assertIn("password=***", book.path)
        wrong = uri.replace("postgresql:///", "postgresql:///no_such_db_", 1)
        with self.assertRaises(leadbook.StorageError) as caught:
            leadbook.open(wrong)
        self.assertIn("database no_such_db_", str(caught.exception))
        self.assertNotIn("S3cret-pw", str(caught.exception))

    def test_copy_from_sqlite_to_postgresql_and_back(self):
        with tempfile.TemporaryDirectory() as folder:
            source = os.path.join(folder, "source.db")
            with leadbook.open(source) as book:
                jane = book.leads.add(full_name="Jane Doe", company="Acme",
                                      emails=[{"label": "work", "address": "jane@acme.example"}])
                gone = book.leads.add(full_name="Gone")
                book.leads.delete(gone.id)
                book.history.add(kind="business_note", subject="Call", links=[jane.id])
            uri = new_database_uri()
            report = leadbook.copy(source, uri)
            counts = {t["table"]: t["rows"] for t in report["tables"]}
            self.assertEqual(counts["lead"], 1)
            self.assertEqual(counts["history_item"], 1)
            back = os.path.join(folder, "back.db")
            self.assertEqual(leadbook.copy(uri, back), report)
            with leadbook.open(back) as book:
                copied = book.leads.get(jane.id)  # the same id
                self.assertEqual(copied.emails[0].address, "jane@acme.example")
                self.assertEqual(copied.version, jane.version)
            # A destination that is not empty is refused and left as it was.
            with leadbook.open(back) as book:
                book.leads.add(full_name="Kept")
            with self.assertRaises(leadbook.Conflict) as caught:
                leadbook.copy(source, back)
            self.assertIn("not empty", str(caught.exception))
            with leadbook.open(back) as book:
                self.assertEqual(sorted(lead.full_name for lead in book.leads.find()),
                                 ["Jane Doe", "Kept"])
            with self.assertRaises(leadbook.NotFound):
                leadbook.copy(os.path.join(folder, "missing.db"), os.path.join(folder, "x.db"))

    def test_an_unknown_scheme_is_refused(self):
        with self.assertRaises(leadbook.ValidationError) as caught:
            leadbook.open("mysql://db.example/crm")
        self.assertIn("postgresql://", str(caught.exception))
        self.assertFalse(os.path.exists("mysql:"))


if __name__ == "__main__":
    unittest.main()
