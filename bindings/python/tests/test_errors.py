"""Every exception class, its builtin base, its message, and that a failed
call changes nothing stored."""

import os
import pickle
import sqlite3
import struct
import tempfile
import unittest
import zlib

import leadbook


def png_1x1():
    """A valid 1x1 grayscale PNG."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


class HierarchyTest(unittest.TestCase):
    def test_classes_and_builtin_bases(self):
        expected = {
            leadbook.InvalidArgument: ("invalid_argument", ValueError),
            leadbook.NotFound: ("not_found", KeyError),
            leadbook.ValidationError: ("validation", ValueError),
            leadbook.Conflict: ("conflict", None),
            leadbook.Busy: ("busy", None),
            leadbook.StorageError: ("storage", None),
            leadbook.NotADatabase: ("not_a_database", leadbook.StorageError),
            leadbook.SchemaTooNew: ("schema_too_new", leadbook.StorageError),
            leadbook.InternalError: ("internal", None),
            leadbook.OutOfMemory: ("out_of_memory", MemoryError),
            leadbook.Cancelled: ("cancelled", None),
            leadbook.ReadOnly: ("read_only", leadbook.StorageError),
            leadbook.Corrupt: ("corrupt", leadbook.StorageError),
            leadbook.ImportFailed: ("validation", leadbook.ValidationError),
        }
        for cls, (status, base) in expected.items():
            self.assertTrue(issubclass(cls, leadbook.Error), cls)
            self.assertTrue(issubclass(cls, Exception), cls)
            if base is not None:
                self.assertTrue(issubclass(cls, base), cls)
            self.assertEqual(cls.status, status)
            self.assertTrue(cls.__doc__)
        self.assertFalse(issubclass(leadbook.Conflict, ValueError))

    def test_messages_read_normally(self):
        error = leadbook.NotFound("no lead with id 7", "not_found")
        self.assertEqual(str(error), "no lead with id 7")  # not "'no lead with id 7'"
        self.assertEqual(error.message, "no lead with id 7")
        self.assertEqual(error.status, "not_found")
        self.assertIn("NotFound", repr(error))
        again = pickle.loads(pickle.dumps(error))
        self.assertIsInstance(again, leadbook.NotFound)
        self.assertEqual(str(again), "no lead with id 7")


class StoredErrorsTest(unittest.TestCase):
    """Each failing call: the right class, a message that names the problem,
    and the stored data exactly as before."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.path = os.path.join(self.tmp.name, "errors.db")
        self.book = leadbook.open(self.path)
        self.addCleanup(self.book.close)
        self.ana = self.book.users.add(name="Ana Silva", email="ana@example.com")
        self.account = self.book.accounts.add(name="Acme")
        self.lead = self.book.leads.add(full_name="Jane Doe", company="Acme",
                                        assigned_to=self.ana.id, account_id=self.account.id)

    def snapshot(self):
        return {
            name: [record.to_dict() for record in getattr(self.book, name).find()]
            for name in ("leads", "accounts", "users")
        }

    def assert_fails(self, cls, call, *words):
        """Runs call, expecting cls with every word in its message and no
        stored change."""
        before = self.snapshot()
        with self.assertRaises(cls) as caught:
            call()
        error = caught.exception
        if isinstance(error, leadbook.Error):
            # The library's status name agrees with the class.
            self.assertEqual(error.status, type(error).status)
            self.assertTrue(error.message)
        for word in words:
            self.assertIn(word, str(error))
        self.assertEqual(self.snapshot(), before)
        return error

    def test_missing_full_name(self):
        error = self.assert_fails(leadbook.ValidationError,
                                  lambda: self.book.leads.add(company="Acme"), "full_name")
        self.assertIsInstance(error, ValueError)

    def test_blank_full_name(self):
        self.assert_fails(leadbook.ValidationError,
                          lambda: self.book.leads.add(full_name="  "), "full_name")
        self.assert_fails(
            leadbook.ValidationError,
            lambda: self.book.leads.update(self.lead.id, version=self.lead.version, full_name=""),
            "full_name")

    def test_unknown_field_is_named(self):
        self.assert_fails(leadbook.ValidationError,
                          lambda: self.book.leads.add(full_name="X", compnay="Acme"), "compnay")
        self.assert_fails(
            leadbook.ValidationError,
            lambda: self.book.leads.update(self.lead.id, version=self.lead.version, colour="red"),
            "colour")

    def test_fields_leadbook_keeps_are_rejected(self):
        for field, value in (("id", 99), ("version", 3), ("created_at", "2026-11-27T09:30:00Z"),
                             ("modified_at", "2026-11-27T09:30:00Z"), ("modified_by", self.ana.id)):
            self.assert_fails(leadbook.ValidationError,
                              lambda: self.book.leads.add(full_name="X", **{field: value}), field)

    def test_wrong_type(self):
        self.assert_fails(leadbook.ValidationError,
                          lambda: self.book.leads.add(full_name=42), "full_name")
        self.assert_fails(leadbook.ValidationError,
                          lambda: self.book.leads.add(full_name="X", emails="a@b.example"),
                          "emails")
        self.assert_fails(leadbook.ValidationError,
                          lambda: self.book.users.add(name="X", active="yes"), "active")

    def test_invalid_email(self):
        self.assert_fails(
            leadbook.ValidationError,
            lambda: self.book.leads.add(full_name="X", emails=[{"label": "work",
                                                                 "address": "not an e-mail"}]),
            "not an e-mail")
        self.assert_fails(leadbook.ValidationError,
                          lambda: self.book.users.add(name="Bob", email="bob@"), "bob@")

    def test_unknown_assigned_to_user(self):
        missing = self.ana.id + 1000
        error = self.assert_fails(
            leadbook.ValidationError,
            lambda: self.book.leads.add(full_name="X", assigned_to=missing), str(missing))
        self.assertIn("assigned_to", str(error))

    def test_unknown_account_id(self):
        missing = self.account.id + 1000
        error = self.assert_fails(
            leadbook.ValidationError,
            lambda: self.book.leads.update(self.lead.id, version=self.lead.version,
                                           account_id=missing),
            str(missing))
        self.assertIn("account_id", str(error))

    def test_photo_must_be_png_or_jpeg(self):
        self.assert_fails(leadbook.ValidationError,
                          lambda: self.book.leads.add(full_name="X", photo=b"GIF89a\x01\x00"),
                          "photo")
        self.assert_fails(
            leadbook.ValidationError,
            lambda: self.book.leads.update(self.lead.id, version=self.lead.version,
                                           photo=b"plain text"),
            "photo")
        lead = self.book.leads.add(full_name="Pic", photo=png_1x1())
        self.assertEqual(lead.photo, png_1x1())

    def test_stale_version_is_a_conflict(self):
        current = self.book.leads.update(self.lead.id, version=self.lead.version, notes="mine")
        error = self.assert_fails(
            leadbook.Conflict,
            lambda: self.book.leads.update(self.lead.id, version=self.lead.version,
                                           company="Theirs"))
        self.assertNotIsInstance(error, ValueError)
        self.assertEqual(self.book.leads.get(self.lead.id), current)

    def test_missing_id_is_not_found(self):
        missing = self.lead.id + 1000
        error = self.assert_fails(leadbook.NotFound, lambda: self.book.leads.get(missing),
                                  str(missing))
        self.assertIsInstance(error, KeyError)
        self.assertFalse(str(error).startswith("'"))
        self.assert_fails(leadbook.NotFound,
                          lambda: self.book.leads.update(missing, version=1, company="X"))
        self.assert_fails(leadbook.NotFound, lambda: self.book.leads.delete(missing))
        self.assert_fails(leadbook.NotFound, lambda: self.book.users.get(self.ana.id + 1000))
        self.assert_fails(leadbook.NotFound,
                          lambda: self.book.accounts.delete(self.account.id + 1000))
        # A KeyError handler catches it.
        try:
            self.book.leads.get(missing)
        except KeyError:
            pass

    def test_bad_python_arguments(self):
        self.assert_fails(TypeError, lambda: self.book.leads.get("1"))
        self.assert_fails(TypeError, lambda: self.book.leads.get(self.lead))
        self.assert_fails(leadbook.InvalidArgument, lambda: self.book.leads.get(2**64))
        self.assert_fails(TypeError, lambda: self.book.leads.add(full_name="X", notes=object()))
        self.assert_fails(leadbook.ValidationError,
                          lambda: self.book.leads.add(full_name="X",
                                                      custom={"budget": float("nan")}))
        self.assert_fails(TypeError, lambda: self.book.leads.add_many([42]))
        with self.assertRaises(TypeError):
            self.book.leads.update(self.lead.id, company="no version")

    def test_bad_text_is_a_validation_error(self):
        self.assert_fails(leadbook.ValidationError,
                          lambda: self.book.leads.add(full_name="bad \udcff surrogate"))

    def test_invalid_argument_from_the_library(self):
        # A collection value leadbook.h does not define reaches the library's
        # own checks. (0: values above 3 are outside the C enum's range,
        # which C++ code may not even load without undefined behaviour.)
        collection = leadbook.Collection(self.book, 0, "Nothing")
        self.assert_fails(leadbook.InvalidArgument, lambda: collection.get(1))

    def test_add_many_names_the_failing_record(self):
        rows = [{"full_name": "One"}, {"full_name": "Two", "emails": [{"address": "x"}]}]
        self.assert_fails(leadbook.ValidationError, lambda: self.book.leads.add_many(rows))


class DatabaseErrorsTest(unittest.TestCase):
    """Busy, SchemaTooNew and StorageError, caused through Python's own
    sqlite3 module working on the same file."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.path = os.path.join(self.tmp.name, "shared.db")
        with leadbook.open(self.path) as book:
            self.lead = book.leads.add(full_name="Jane Doe",
                                       emails=[{"label": "work", "address": "j@acme.example"}])

    def sqlite(self):
        connection = sqlite3.connect(self.path, isolation_level=None)
        self.addCleanup(connection.close)
        return connection

    def test_status_names_agree_with_the_library(self):
        from leadbook import _errors, _native

        for code, cls in _errors.ERRORS_BY_STATUS.items():
            self.assertEqual(_native.status_name(code), cls.status)
            error = _errors.error_for_status(code, "words", cls.status)
            self.assertIs(type(error), cls)
            self.assertEqual(str(error), "words")
        # A code newer than this package is still an Error.
        error = _errors.error_for_status(99, "", _native.status_name(99))
        self.assertIs(type(error), leadbook.Error)
        self.assertEqual(error.status, "unknown")

    def test_locked_database_is_busy(self):
        other = self.sqlite()
        with leadbook.open(self.path, busy_timeout_ms=0) as book:
            other.execute("BEGIN IMMEDIATE")  # holds the write lock
            with self.assertRaises(leadbook.Busy) as caught:
                book.leads.update(self.lead.id, version=self.lead.version, company="Acme")
            self.assertTrue(caught.exception.message)
            self.assertEqual(caught.exception.status, "busy")
            other.execute("ROLLBACK")
            self.assertEqual(book.leads.get(self.lead.id), self.lead)
            updated = book.leads.update(self.lead.id, version=self.lead.version, company="Acme")
            self.assertEqual(updated.company, "Acme")

    def test_newer_schema_is_left_untouched(self):
        other = self.sqlite()
        version = other.execute("PRAGMA user_version").fetchone()[0]
        other.execute(f"PRAGMA user_version = {version + 100}")
        other.close()
        with open(self.path, "rb") as file:
            before = file.read()
        with self.assertRaises(leadbook.SchemaTooNew) as caught:
            leadbook.open(self.path)
        self.assertIsInstance(caught.exception, leadbook.StorageError)
        self.assertIn("shared.db", str(caught.exception))
        with open(self.path, "rb") as file:
            self.assertEqual(file.read(), before)

    def test_file_with_triggers_is_corrupt_and_left_untouched(self):
        other = self.sqlite()
        other.execute("PRAGMA journal_mode = DELETE")
        other.execute(
            'CREATE TRIGGER "refuse_insert" BEFORE INSERT ON "records" '
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
        other.close()
        with open(self.path, "rb") as file:
            before = file.read()
        with self.assertRaises(leadbook.Corrupt) as caught:
            leadbook.open(self.path)
        self.assertIsInstance(caught.exception, leadbook.StorageError)
        self.assertEqual(caught.exception.status, "corrupt")
        self.assertIn("trigger 'refuse_insert'", str(caught.exception))
        with open(self.path, "rb") as file:
            self.assertEqual(file.read(), before)


class FileErrorsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def test_not_a_database_is_left_untouched(self):
        path = os.path.join(self.tmp.name, "notes.txt")
        content = b"These are my notes, not a database.\n" * 200
        with open(path, "wb") as file:
            file.write(content)
        with self.assertRaises(leadbook.NotADatabase) as caught:
            leadbook.open(path)
        error = caught.exception
        self.assertIsInstance(error, leadbook.StorageError)
        self.assertIsInstance(error, leadbook.Error)
        self.assertEqual(error.status, "not_a_database")
        self.assertIn("notes.txt", str(error))
        with open(path, "rb") as file:
            self.assertEqual(file.read(), content)
        self.assertEqual(sorted(os.listdir(self.tmp.name)), ["notes.txt"])

    def test_directory_path_fails_cleanly(self):
        with self.assertRaises(leadbook.Error) as caught:
            leadbook.open(self.tmp.name)
        self.assertIn(self.tmp.name, str(caught.exception))
        self.assertEqual(os.listdir(self.tmp.name), [])

    def test_nul_in_path(self):
        with self.assertRaises(leadbook.InvalidArgument):
            leadbook.open("bad\0name.db")


if __name__ == "__main__":
    unittest.main()
