"""Opening and closing books, the documented usage end to end, persistence,
the acting user, and loading the library."""

import gc
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import leadbook


class UsageTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.path = os.path.join(self.tmp.name, "crm.db")

    def test_documented_usage(self):
        with leadbook.open(self.path, as_user=None) as book:
            ana = book.users.add(name="Ana Silva", email="ana@example.com")
            lead = book.leads.add(
                full_name="Jane Doe",
                company="Acme",
                emails=[{"label": "work", "address": "jane@acme.example"}],
                assigned_to=ana.id,
            )
            self.assertEqual(lead.full_name, "Jane Doe")
            self.assertEqual(lead.emails[0].address, "jane@acme.example")
            lead = book.leads.get(lead.id)
            self.assertEqual(lead.company, "Acme")
            lead = book.leads.update(lead.id, version=lead.version, company="Acme Corp")
            self.assertEqual(lead.company, "Acme Corp")
            self.assertEqual(lead.version, 2)
            ids = book.leads.add_many([
                {"full_name": "John Roe", "assigned_to": ana.id},
                {"full_name": "Mary Major", "company": "Initech"},
            ])
            self.assertEqual(len(ids), 2)
            self.assertTrue(all(isinstance(i, int) for i in ids))
            found = list(book.leads.find(assigned_to=ana.id, order_by="-modified_at", limit=50))
            self.assertEqual({l.full_name for l in found}, {"Jane Doe", "John Roe"})
            self.assertEqual(book.leads.count(), 3)
            book.leads.delete(lead.id)
            self.assertEqual(book.leads.count(), 2)
            with self.assertRaises(leadbook.NotFound):
                book.leads.get(lead.id)
        self.assertTrue(book.closed)

    def test_memory_database(self):
        with leadbook.open(":memory:") as book:
            book.users.add(name="Ana Silva")
            self.assertEqual(book.users.count(), 1)
        with leadbook.open(":memory:") as book:
            self.assertEqual(book.users.count(), 0)

    def test_path_like(self):
        import pathlib

        with leadbook.open(pathlib.Path(self.path)) as book:
            self.assertEqual(book.path, self.path)
            book.accounts.add(name="Acme")
        self.assertTrue(os.path.exists(self.path))

    def test_data_persists_across_close_and_reopen(self):
        with leadbook.open(self.path) as book:
            ana = book.users.add(name="Ana Silva")
            account = book.accounts.add(name="Acme", assigned_to=ana.id)
            lead = book.leads.add(full_name="Jane Doe", account_id=account.id,
                                  assigned_to=ana.id)
        with leadbook.open(self.path, create=False) as book:
            self.assertEqual(book.leads.get(lead.id), lead)
            self.assertEqual(book.accounts.get(account.id), account)
            self.assertEqual(book.users.get(ana.id), ana)
            self.assertEqual(book.leads.count(), 1)

    def test_create_false_on_missing_file(self):
        missing = os.path.join(self.tmp.name, "missing.db")
        with self.assertRaises(leadbook.NotFound) as caught:
            leadbook.open(missing, create=False)
        self.assertIn("missing.db", str(caught.exception))
        self.assertFalse(os.path.exists(missing))

    def test_busy_timeout_option(self):
        with leadbook.open(self.path, busy_timeout_ms=50) as book:
            self.assertEqual(book.leads.count(), 0)

    def test_close_twice_and_closed_property(self):
        book = leadbook.open(self.path)
        self.assertFalse(book.closed)
        self.assertIn("open", repr(book))
        book.close()
        book.close()
        self.assertTrue(book.closed)
        self.assertIn("closed", repr(book))

    def test_using_a_closed_book_raises(self):
        book = leadbook.open(self.path)
        leads = book.leads
        lead = leads.add(full_name="Jane Doe")
        book.close()
        calls = [
            lambda: book.leads.add(full_name="X"),
            lambda: leads.get(lead.id),
            lambda: leads.update(lead.id, version=1, company="X"),
            lambda: leads.delete(lead.id),
            lambda: leads.add_many([{"full_name": "X"}]),
            lambda: leads.find(),
            lambda: leads.count(),
            lambda: leads.add_time_stamp(lead.id, version=1),
            lambda: book.users.add(name="X"),
            lambda: book.set_acting_user(None),
        ]
        for call in calls:
            with self.assertRaises(leadbook.Error) as caught:
                call()
            self.assertIn("closed", str(caught.exception))
        with leadbook.open(self.path) as book:
            self.assertEqual(book.leads.count(), 1)

    def test_closing_the_book_closes_its_cursors(self):
        book = leadbook.open(self.path)
        book.leads.add_many([{"full_name": f"Lead {i}"} for i in range(3)])
        cursor = book.leads.find()
        self.assertEqual(next(cursor).full_name, "Lead 0")
        book.close()
        with self.assertRaises(leadbook.Error):
            next(cursor)
        cursor.close()

    def test_dropped_book_is_closed_by_the_finalizer(self):
        book = leadbook.open(self.path)
        book.users.add(name="Ana Silva")
        cursor = book.users.find()
        del book
        gc.collect()
        # The open cursor keeps the book alive.
        self.assertEqual(next(cursor).name, "Ana Silva")
        del cursor
        gc.collect()
        with leadbook.open(self.path) as book:
            self.assertEqual(book.users.count(), 1)

    def test_a_book_shared_between_threads(self):
        import threading

        with leadbook.open(self.path) as book:
            errors = []

            def work(n):
                try:
                    for i in range(20):
                        lead = book.leads.add(full_name=f"Lead {n}-{i}")
                        book.leads.update(lead.id, version=lead.version, company=str(n))
                        self.assertEqual(book.leads.count(company=str(n)), i + 1)
                        with book.leads.find(order_by="-id") as cursor:
                            self.assertIsNotNone(next(cursor))
                except Exception as error:  # reported below, in the main thread
                    errors.append(error)

            threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            self.assertEqual(errors, [])
            self.assertEqual(book.leads.count(), 80)

    def test_cursor_finalized_during_another_call_is_freed_later(self):
        # Garbage collection can finalize a cursor while a call on the same
        # book is in progress; the cursor is then freed by the next call.
        with leadbook.open(self.path) as book:
            book.users.add(name="Ana Silva")
            cursor = book.users.find()
            handle = book._handle
            with handle.lock:
                cursor.close()
                self.assertEqual(len(handle.cursors), 1)
            self.assertEqual(book.users.count(), 1)
            self.assertEqual(handle.cursors, {})
            self.assertEqual(handle.pending, [])
            self.assertEqual(list(cursor), [])

    def test_acting_user_is_recorded(self):
        with leadbook.open(self.path) as book:
            ana = book.users.add(name="Ana Silva")
            bob = book.users.add(name="Bob Stone")
            lead = book.leads.add(full_name="Jane Doe")
            self.assertIsNone(lead.modified_by)
            book.set_acting_user(ana.id)
            lead = book.leads.update(lead.id, version=lead.version, company="Acme")
            self.assertEqual(lead.modified_by, ana.id)
            book.set_acting_user(None)
            lead = book.leads.update(lead.id, version=lead.version, company="Acme 2")
            self.assertIsNone(lead.modified_by)
            with self.assertRaises(leadbook.NotFound):
                book.set_acting_user(bob.id + 1000)
        with leadbook.open(self.path, as_user=bob.id) as book:
            lead = book.leads.add(full_name="John Roe")
            self.assertEqual(lead.modified_by, bob.id)

    def test_as_user_that_does_not_exist(self):
        with self.assertRaises(leadbook.NotFound):
            leadbook.open(self.path, as_user=12345)

    def test_versions(self):
        # The package and the library are one release: the same major and
        # minor version.
        self.assertRegex(leadbook.__version__, r"^\d+\.\d+\.\d+$")
        self.assertEqual(leadbook.library_version().split(".")[:2],
                         leadbook.__version__.split(".")[:2])
        major, minor, patch = (int(part) for part in leadbook.library_version().split("."))
        self.assertEqual(leadbook._lib.leadbook_version_number(),
                         major * 10000 + minor * 100 + patch)
        self.assertTrue(os.path.exists(leadbook.library_path))


class LoadingTest(unittest.TestCase):
    """Loading the library, in a fresh interpreter each time."""

    def run_python(self, code, **env):
        environment = dict(os.environ, **env)
        return subprocess.run(
            [sys.executable, "-c", code],
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def test_loads_from_leadbook_library(self):
        result = self.run_python("import leadbook; print(leadbook.library_path)")
        self.assertEqual(result.returncode, 0, result.stderr)
        if os.environ.get("LEADBOOK_LIBRARY"):
            self.assertEqual(result.stdout.strip(), os.environ["LEADBOOK_LIBRARY"])

    def copy_package(self, package_parent):
        source = os.path.dirname(os.path.abspath(leadbook.__file__))
        shutil.copytree(source, os.path.join(package_parent, "leadbook"),
                        ignore=shutil.ignore_patterns("__pycache__", "*.so*"))

    def import_from(self, package_parent):
        environment = {k: v for k, v in os.environ.items() if k != "LEADBOOK_LIBRARY"}
        environment["PYTHONPATH"] = package_parent
        result = subprocess.run(
            [sys.executable, "-c", "import leadbook; print(leadbook.library_path)"],
            env=environment, capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.strip()

    def test_loads_the_library_next_to_the_package(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.copy_package(tmp)
            beside = os.path.join(tmp, "leadbook", "libleadbook.so.0")
            shutil.copy(os.path.realpath(leadbook.library_path), beside)
            self.assertEqual(self.import_from(tmp), beside)

    def test_loads_the_library_from_the_build_tree(self):
        with tempfile.TemporaryDirectory() as root:
            package_parent = os.path.join(root, "bindings", "python")
            self.copy_package(package_parent)
            built = os.path.join(root, "build", "some-preset", "libleadbook.so")
            os.makedirs(os.path.dirname(built))
            shutil.copy(os.path.realpath(leadbook.library_path), built)
            self.assertEqual(self.import_from(package_parent), built)

    def test_missing_library_says_where_it_looked(self):
        with tempfile.TemporaryDirectory() as tmp:
            bogus = os.path.join(tmp, "libleadbook.so")
            result = self.run_python("import leadbook", LEADBOOK_LIBRARY=bogus)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImportError", result.stderr)
        self.assertIn(bogus, result.stderr)
        self.assertIn("LEADBOOK_LIBRARY", result.stderr)

    def test_not_a_library(self):
        with tempfile.TemporaryDirectory() as tmp:
            bogus = os.path.join(tmp, "libleadbook.so")
            with open(bogus, "wb") as file:
                file.write(b"not an ELF file")
            result = self.run_python("import leadbook", LEADBOOK_LIBRARY=bogus)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImportError", result.stderr)
        self.assertIn(bogus, result.stderr)

    def test_a_library_without_a_declared_function_is_refused(self):
        from leadbook import _native

        class OlderLibrary:
            """The loaded library, less its newest function."""

            def __getattr__(self, name):
                if name == list(_native._SIGNATURES)[-1]:
                    raise AttributeError(name)
                return getattr(_native.lib, name)

        with self.assertRaises(ImportError) as caught:
            _native._declare(OlderLibrary(), "old/libleadbook.so")
        self.assertIn("old/libleadbook.so", str(caught.exception))
        self.assertIn(list(_native._SIGNATURES)[-1], str(caught.exception))
        self.assertIn("older than this Python package", str(caught.exception))

    def test_every_function_of_the_header_is_declared(self):
        from leadbook import _native

        header = os.path.join(os.path.dirname(__file__), "..", "..", "..", "capi", "leadbook.h")
        with open(header, encoding="utf-8") as file:
            text = file.read()
        import re

        declared = set(re.findall(r"LEADBOOK_API[^;]*?\b(leadbook_\w+)\s*\(", text))
        self.assertTrue(declared)
        self.assertEqual(declared, set(_native._SIGNATURES))
        for name in declared:
            function = getattr(_native.lib, name)
            self.assertIsNotNone(function.argtypes, name)


if __name__ == "__main__":
    unittest.main()
