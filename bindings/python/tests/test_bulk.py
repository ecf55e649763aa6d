"""Many records at once (bulk_edit, assign) and change listeners
(on_change)."""

import os
import sys
import tempfile
import threading
import unittest

import leadbook


class BulkTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.book = leadbook.open(os.path.join(self.tmp.name, "bulk.db"))
        self.addCleanup(self.book.close)
        self.ana = self.book.users.add(name="Ana Silva")
        self.ids = self.book.leads.add_many([
            {"full_name": "Alice Adams", "company": "Acme"},
            {"full_name": "Bruno Brown", "company": "Acme"},
            {"full_name": "Carla Chen", "company": "Initech", "rating": "hot"},
        ])

    def snapshot(self):
        return [lead.to_dict() for lead in self.book.leads.find()]

    def test_update_of_one_custom_field_keeps_the_others(self):
        lead = self.book.leads.update(self.ids[0], version=1, custom={"Region": "EMEA"})
        lead = self.book.leads.update(lead.id, version=lead.version, custom={"Other": "x"})
        self.assertEqual(dict(lead.custom), {"Region": "EMEA", "Other": "x"})
        lead = self.book.leads.update(lead.id, version=lead.version, custom={"Other": None})
        self.assertEqual(dict(self.book.leads.get(lead.id).custom), {"Region": "EMEA"})

    def test_bulk_edit_of_stars_custom_fields_and_criteria(self):
        self.book.fields.define("lead", "Budget", "number")
        self.book.leads.update(self.ids[0], version=1, custom={"Region": "EMEA"})
        self.assertEqual(self.book.leads.bulk_edit(self.ids, "score.stars", 4), 3)
        self.assertEqual([self.book.leads.get(i).score.stars for i in self.ids], [4, 4, 4])
        self.assertEqual(self.book.leads.bulk_edit(self.ids, "score.stars", None), 3)
        self.assertEqual(self.book.leads.get(self.ids[0]).score.mode, "automatic")
        self.assertEqual(self.book.leads.bulk_edit({"company": "Acme"}, "custom.Budget", "12.5"), 2)
        first = self.book.leads.get(self.ids[0])
        self.assertEqual(dict(first.custom), {"Region": "EMEA", "Budget": 12.5})
        criterion = next(iter(self.book.criteria.find(record_type="lead"))).id
        self.assertEqual(self.book.leads.bulk_edit(self.ids, "criteria_met", {"add": criterion}), 3)
        self.assertEqual(list(self.book.leads.get(self.ids[2]).criteria_met), [criterion])
        self.assertEqual(
            self.book.leads.bulk_edit(self.ids, "criteria_met", {"remove": criterion}), 3)

    def test_bulk_edit_of_a_custom_field_with_a_value_of_the_wrong_type(self):
        self.book.fields.define("lead", "Budget", "number")
        before = self.snapshot()
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.bulk_edit({}, "custom.Budget", "lots")
        self.assertIn("'custom.Budget' must be a number", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError):
            self.book.leads.bulk_edit({}, "score.stars", 9)
        self.assertEqual(self.snapshot(), before)

    def test_bulk_edit_refuses_what_a_single_update_refuses(self):
        before = self.snapshot()
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.bulk_edit({}, "full_name", " ")
        self.assertIn("full_name", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError):
            self.book.leads.bulk_edit({}, "emails", [])
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.bulk_edit({}, "colour", "red")
        self.assertIn("colour", str(caught.exception))
        self.assertEqual(self.snapshot(), before)

    def test_assign_to_a_missing_or_inactive_user(self):
        before = self.snapshot()
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.assign({}, self.ana.id + 1000)
        self.assertIn(str(self.ana.id + 1000), str(caught.exception))
        bob = self.book.users.add(name="Bob Stone", active=False)
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.assign({}, bob.id)
        self.assertIn("inactive", str(caught.exception))
        self.assertEqual(self.snapshot(), before)

    def test_bulk_edit_with_the_records_first(self):
        leads = self.book.leads
        self.assertEqual(leads.bulk_edit(self.ids[:2], "rating", "warm"), 2)
        self.assertEqual([l.rating for l in leads.find()], ["warm", "warm", "hot"])
        self.assertEqual(leads.bulk_edit({"company": "Initech"}, "source", "fair"), 1)
        self.assertEqual(leads.get(self.ids[2]).source, "fair")
        self.assertEqual(
            leads.bulk_edit([("full_name", "starts_with", "B"), ("company", "eq", "Acme")],
                            "source", "web"), 1)
        self.assertEqual(leads.get(self.ids[1]).source, "web")
        self.assertEqual(leads.bulk_edit(("full_name", "starts_with", "A"), "source", "ad"), 1)
        self.assertEqual(leads.bulk_edit([{"field": "company", "op": "eq", "value": "Acme"}],
                                         "notes", "call"), 2)
        self.assertEqual(leads.bulk_edit((i for i in self.ids), "notes", "call"), 1)
        # None clears; {} is every record, [] is none.
        self.assertEqual(leads.bulk_edit([], "rating", None), 0)
        self.assertEqual(leads.bulk_edit({}, "rating", None), 3)
        self.assertEqual([l.rating for l in leads.find()], ["", "", ""])

    def test_bulk_edit_with_the_records_first_is_all_or_nothing(self):
        before = self.snapshot()
        with self.assertRaises(leadbook.NotFound):
            self.book.leads.bulk_edit([self.ids[0], self.ids[2] + 1000], "rating", "hot")
        with self.assertRaises(leadbook.ValidationError):
            self.book.leads.bulk_edit({"company": "Acme"}, "full_name", "")
        with self.assertRaises(leadbook.ValidationError):
            self.book.leads.bulk_edit([("colour", "eq", "red")], "rating", "hot")
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.assign([("company", "is", "Acme")], None)
        self.assertIn("'where[0].op': 'is' is not an operator; use one of: eq, ne, lt, le, gt, "
                      "ge, contains, starts_with, in, is_empty, has", str(caught.exception))
        self.assertEqual(self.snapshot(), before)

    def test_bad_selections(self):
        leads = self.book.leads
        for bad in ("Acme", 5, [1, ("company", "eq", "Acme")], None):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                leads.bulk_edit(bad, "rating", "hot")
        # The records are named by the first argument only.
        with self.assertRaises(TypeError):
            leads.bulk_edit("rating", "hot", ids=self.ids)
        with self.assertRaises(TypeError):
            leads.bulk_edit(self.ids, "rating", "hot", company="Acme")
        with self.assertRaises(TypeError):
            leads.assign(self.ana.id, where=[])
        with self.assertRaises(TypeError):
            leads.assign(self.ids, self.ana.id, ids=self.ids)
        with self.assertRaises(TypeError):
            leads.bulk_edit(self.ids, "rating", "hot", "extra")
        with self.assertRaises(TypeError):
            leads.bulk_edit(self.ids, 5, "hot")
        with self.assertRaises(TypeError):
            leads.assign()

    def test_assign_with_the_records_first(self):
        leads = self.book.leads
        self.assertEqual(leads.assign(self.ids[:2], self.ana.id), 2)
        self.assertEqual(leads.count(assigned_to=self.ana.id), 2)
        self.assertEqual(leads.assign({"company": "Initech"}, self.ana.id), 1)
        self.assertEqual(leads.assign([("company", "eq", "Acme")], None), 2)
        self.assertEqual(leads.count(assigned_to=self.ana.id), 1)
        before = self.snapshot()
        with self.assertRaises(leadbook.ValidationError):
            leads.assign(self.ids, self.ana.id + 1000)
        with self.assertRaises(leadbook.NotFound):
            leads.assign([self.ids[2] + 1000], self.ana.id)
        self.assertEqual(self.snapshot(), before)


class ChangeListenerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.book = leadbook.open(os.path.join(self.tmp.name, "listen.db"))
        self.addCleanup(self.book.close)
        self.changes = []
        self.token = self.book.on_change(self.changes.append)

    def kinds(self):
        return [[(c.collection, c.kind, c.ids) for c in group] for group in self.changes]

    def test_writes_are_reported_once_per_transaction(self):
        ana = self.book.users.add(name="Ana Silva")
        ids = self.book.leads.add_many([{"full_name": "A"}, {"full_name": "B"}])
        lead = self.book.leads.get(ids[0])
        self.book.leads.update(lead.id, version=lead.version, company="Acme")
        self.book.leads.assign(ids, ana.id)
        self.book.leads.delete(ids[1])
        self.assertEqual(self.kinds(), [
            [("users", "added", [ana.id])],
            [("leads", "added", ids)],
            [("leads", "updated", [ids[0]])],
            [("leads", "updated", ids)],
            [("leads", "deleted", [ids[1]])],
        ])
        self.assertIsInstance(self.changes[0][0], leadbook.Record)

    def test_failed_writes_and_reads_are_not_reported(self):
        with self.assertRaises(leadbook.ValidationError):
            self.book.leads.add_many([{"full_name": "A"}, {"full_name": ""}])
        self.book.leads.count()
        list(self.book.leads.find())
        self.assertEqual(self.changes, [])

    def test_remove_listener(self):
        self.book.remove_change_listener(self.token)
        self.book.leads.add(full_name="A")
        self.assertEqual(self.changes, [])
        with self.assertRaises(leadbook.NotFound):
            self.book.remove_change_listener(self.token)
        with self.assertRaises(TypeError):
            self.book.on_change("not callable")

    def test_listener_cannot_use_its_book(self):
        errors = []

        def reenter(changes):
            for call in (self.book.leads.count, self.book.close):
                try:
                    call()
                except leadbook.InvalidArgument as error:
                    errors.append(error)

        self.book.on_change(reenter)
        lead = self.book.leads.add(full_name="A")
        self.assertEqual(len(errors), 2)
        self.assertIn("listener", str(errors[0]))
        self.assertFalse(self.book.closed)
        # The write went through and the book still works.
        self.assertEqual(self.book.leads.get(lead.id).full_name, "A")

    def test_listener_exception_does_not_undo_the_write(self):
        def fail(changes):
            raise RuntimeError("listener failed")

        self.book.on_change(fail)
        reported = []
        old_hook = sys.unraisablehook
        sys.unraisablehook = reported.append
        try:
            lead = self.book.leads.add(full_name="A")
        finally:
            sys.unraisablehook = old_hook
        self.assertEqual(len(reported), 1)
        self.assertIsInstance(reported[0].exc_value, RuntimeError)
        self.assertEqual(self.book.leads.get(lead.id).full_name, "A")
        self.assertEqual(len(self.changes), 1)

    def test_listener_runs_on_the_writing_thread(self):
        threads = []
        self.book.on_change(lambda changes: threads.append(threading.get_ident()))
        worker = threading.Thread(target=lambda: self.book.leads.add(full_name="A"))
        worker.start()
        worker.join()
        self.assertEqual(threads, [worker.ident])

    def test_other_books_are_not_reported(self):
        with leadbook.open(self.book.path) as other:
            other.leads.add(full_name="Elsewhere")
        self.assertEqual(self.changes, [])


class OnChangeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.book = leadbook.open(os.path.join(self.tmp.name, "on_change.db"))
        self.addCleanup(self.book.close)

    def test_one_call_for_a_bulk_edit_of_many_leads(self):
        ids = self.book.leads.add_many({"full_name": f"Lead {n}", "company": "Acme"}
                                       for n in range(200))
        calls = []
        listener = self.book.on_change(calls.append)
        self.assertIsInstance(listener, leadbook.ChangeListener)
        self.assertTrue(listener.active)
        self.assertEqual(self.book.leads.bulk_edit({"company": "Acme"}, "rating", "hot"), 200)
        self.assertEqual(len(calls), 1)
        [change] = calls[0]
        self.assertEqual((change.collection, change.kind), ("leads", "updated"))
        self.assertEqual(change["collection"], "leads")
        self.assertEqual(sorted(change.ids), ids)
        ana = self.book.users.add(name="Ana Silva")
        self.assertEqual(self.book.leads.assign(ids, ana.id), 200)
        self.assertEqual(len(calls), 3)  # the user added, then the assignment

    def test_new_collections_are_reported(self):
        calls = []
        self.book.on_change(calls.append)
        lead = self.book.leads.add(full_name="Jane Doe")
        note = self.book.history.add(subject="Hello", links=[lead.id])
        deal = self.book.opportunities.add(title="Seats", linked_to=lead.id)
        self.book.history.unlink(note.id, lead.id)
        reported = [[(c.collection, c.kind, c.ids) for c in call] for call in calls]
        self.assertEqual(reported[:3], [[("leads", "added", [lead.id])],
                                        [("history", "added", [note.id])],
                                        [("opportunities", "added", [deal.id])]])
        self.assertEqual(reported[3], [("history", "deleted", [note.id])])

    def test_remove(self):
        calls = []
        listener = self.book.on_change(calls.append)
        self.book.leads.add(full_name="A")
        listener.remove()
        self.assertFalse(listener.active)
        listener.remove()  # again: nothing happens
        self.book.leads.add(full_name="B")
        self.assertEqual(len(calls), 1)
        with self.assertRaises(leadbook.NotFound):
            self.book.remove_change_listener(listener)
        with self.book.on_change(calls.append) as scoped:
            self.assertIn("active", repr(scoped))
            self.book.leads.add(full_name="C")
        self.book.leads.add(full_name="D")
        self.assertEqual(len(calls), 2)
        self.assertIn("removed", repr(scoped))

    def test_remove_through_the_book_and_after_close(self):
        calls = []
        listener = self.book.on_change(calls.append)
        self.book.remove_change_listener(listener)
        self.assertFalse(listener.active)
        again = self.book.on_change(calls.append)
        self.book.remove_change_listener(again.token)
        self.book.leads.add(full_name="A")
        self.assertEqual(calls, [])
        last = self.book.on_change(calls.append)
        with leadbook.open(":memory:") as other:
            with self.assertRaises(leadbook.InvalidArgument):
                other.remove_change_listener(last)
        self.book.close()
        self.assertFalse(last.active)
        last.remove()  # the book is closed: nothing to do

    def test_callback_must_be_callable(self):
        with self.assertRaises(TypeError):
            self.book.on_change(None)

    def test_callback_exception_does_not_break_the_write(self):
        def fail(changes):
            raise ValueError("callback failed")

        ids = self.book.leads.add_many([{"full_name": "A"}, {"full_name": "B"}])
        calls = []
        self.book.on_change(fail)
        self.book.on_change(calls.append)
        reported = []
        old_hook = sys.unraisablehook
        sys.unraisablehook = reported.append
        try:
            changed = self.book.leads.bulk_edit(ids, "rating", "hot")
        finally:
            sys.unraisablehook = old_hook
        self.assertEqual(changed, 2)
        self.assertEqual(len(reported), 1)
        self.assertIsInstance(reported[0].exc_value, ValueError)
        # The write stands, later listeners ran, and the book still works.
        self.assertEqual([l.rating for l in self.book.leads.find()], ["hot", "hot"])
        self.assertEqual(len(calls), 1)
        lead = self.book.leads.get(ids[0])
        sys.unraisablehook = reported.append
        try:
            self.book.leads.update(lead.id, version=lead.version, rating="cold")
        finally:
            sys.unraisablehook = old_hook
        self.assertEqual(len(reported), 2)
        self.assertEqual(len(calls), 2)
        self.assertEqual(self.book.leads.get(ids[0]).rating, "cold")

    def test_callback_dropped_by_the_caller_stays_alive(self):
        import gc

        calls = []
        self.book.on_change(lambda changes: calls.append(len(changes)))
        gc.collect()
        self.book.leads.add(full_name="A")
        self.assertEqual(calls, [1])


if __name__ == "__main__":
    unittest.main()
