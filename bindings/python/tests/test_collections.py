"""Collections: add, add_many, get, update, delete, find, count, cursors,
and the lead time stamp."""

import datetime
import gc
import os
import tempfile
import unittest

import leadbook


class CollectionTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.path = os.path.join(self.tmp.name, "collections.db")
        self.book = leadbook.open(self.path)
        self.addCleanup(self.book.close)
        self.ana = self.book.users.add(name="Ana Silva", email="ana@example.com")
        self.bob = self.book.users.add(name="Bob Stone", email="bob@example.com")

    def add_leads(self):
        rows = [
            {"full_name": "Alice Adams", "company": "Acme", "assigned_to": self.ana.id,
             "rating": "hot"},
            {"full_name": "Bruno Brown", "company": "Acme Corp", "assigned_to": self.bob.id,
             "rating": "warm"},
            {"full_name": "Carla Chen", "company": "Initech", "assigned_to": self.ana.id,
             "rating": "cold"},
            {"full_name": "Dan Diaz", "company": "", "rating": "hot"},
            {"full_name": "Eve Evans", "company": "Globex", "assigned_to": self.ana.id},
        ]
        return self.book.leads.add_many(rows)

    def names(self, records):
        return [record.full_name for record in records]

    def test_add_get_update_delete(self):
        account = self.book.accounts.add(name="Acme", notes="big")
        self.assertEqual(self.book.accounts.get(account.id).name, "Acme")
        account = self.book.accounts.update(account.id, version=account.version, name="Acme Inc")
        self.assertEqual(account.name, "Acme Inc")
        self.assertEqual(account.notes, "big")
        self.assertEqual(account.version, 2)
        lead = self.book.leads.add(full_name="Jane Doe", account_id=account.id)
        self.assertEqual(lead.account_id, account.id)
        user = self.book.users.update(self.bob.id, version=self.bob.version, active=False)
        self.assertIs(user.active, False)
        self.book.leads.delete(lead.id)
        self.book.accounts.delete(account.id)
        self.assertEqual(self.book.accounts.count(), 0)
        self.assertEqual(self.book.leads.count(), 0)

    def test_update_only_changes_the_named_fields(self):
        lead = self.book.leads.add(full_name="Jane Doe", company="Acme", job_title="Buyer",
                                   emails=[{"label": "work", "address": "j@acme.example"}])
        updated = self.book.leads.update(lead.id, version=lead.version,
                                         phones=[{"label": "desk", "number": "123"}])
        self.assertEqual(updated.company, "Acme")
        self.assertEqual(updated.job_title, "Buyer")
        self.assertEqual(updated.emails, lead.emails)
        self.assertEqual(updated.phones[0].number, "123")
        self.assertEqual(updated.created_at, lead.created_at)
        self.assertEqual(updated.version, lead.version + 1)

    def test_add_many_returns_ids_in_order(self):
        ids = self.add_leads()
        self.assertEqual(len(ids), 5)
        self.assertEqual(len(set(ids)), 5)
        self.assertEqual(self.book.leads.get(ids[0]).full_name, "Alice Adams")
        self.assertEqual(self.book.leads.get(ids[4]).full_name, "Eve Evans")
        self.assertEqual(self.book.leads.count(), 5)

    def test_add_many_of_nothing(self):
        self.assertEqual(self.book.leads.add_many([]), [])
        self.assertEqual(self.book.leads.add_many(iter(())), [])
        self.assertEqual(self.book.leads.count(), 0)

    def test_add_many_takes_a_generator_and_records(self):
        ids = self.book.users.add_many(
            {"name": f"User {i}"} for i in range(3)
        )
        self.assertEqual(len(ids), 3)
        # A record read from this book, copied into another (user names are
        # unique in a book).
        other = leadbook.open(":memory:")
        self.addCleanup(other.close)
        copied = other.users.add_many([self.book.users.get(ids[0]), leadbook.Record(name="R")])
        self.assertEqual(other.users.get(copied[0]).name, "User 0")
        self.assertEqual(other.users.get(copied[1]).name, "R")

    def test_add_many_is_all_or_nothing(self):
        self.add_leads()
        before = [lead.to_dict() for lead in self.book.leads.find()]
        bad = [
            {"full_name": "Good One"},
            {"full_name": "Good Two"},
            {"full_name": "   "},
            {"full_name": "Good Three"},
        ]
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.add_many(bad)
        self.assertIn("full_name", str(caught.exception))
        self.assertEqual(self.book.leads.count(), 5)
        self.assertEqual([lead.to_dict() for lead in self.book.leads.find()], before)
        self.assertEqual(self.book.leads.count(full_name="Good One"), 0)

    def test_find_all_by_id(self):
        ids = self.add_leads()
        self.assertEqual([lead.id for lead in self.book.leads.find()], sorted(ids))

    def test_find_with_equality_keywords(self):
        self.add_leads()
        found = self.book.leads.find(assigned_to=self.ana.id)
        self.assertEqual(sorted(self.names(found)), ["Alice Adams", "Carla Chen", "Eve Evans"])
        found = self.book.leads.find(assigned_to=self.ana.id, rating="hot")
        self.assertEqual(self.names(found), ["Alice Adams"])
        self.assertEqual(self.names(self.book.leads.find(company="Nobody")), [])

    def test_find_with_where(self):
        self.add_leads()
        leads = self.book.leads
        self.assertEqual(
            self.names(leads.find(where=[("company", "starts_with", "Acme")],
                                  order_by="full_name")),
            ["Alice Adams", "Bruno Brown"])
        self.assertEqual(
            self.names(leads.find(where=[{"field": "company", "op": "contains",
                                          "value": "tech"}])),
            ["Carla Chen"])
        self.assertEqual(
            self.names(leads.find(where=("rating", "in", ["warm", "cold"]),
                                  order_by="full_name")),
            ["Bruno Brown", "Carla Chen"])
        self.assertEqual(
            self.names(leads.find(where=[("company", "is_empty")])), ["Dan Diaz"])
        self.assertEqual(
            self.names(leads.find(where=[("full_name", "ge", "D")], order_by="full_name")),
            ["Dan Diaz", "Eve Evans"])
        self.assertEqual(
            self.names(leads.find(where=[("full_name", "lt", "B"), ("rating", "ne", "cold")])),
            ["Alice Adams"])
        self.assertEqual(
            self.names(leads.find(where=[("rating", "ne", "hot")], assigned_to=self.ana.id,
                                  order_by="full_name")),
            ["Carla Chen", "Eve Evans"])

    def test_find_with_groups_not_and_linked_records(self):
        ids = self.add_leads()
        leads = self.book.leads
        either = leadbook.any_of(("rating", "eq", "cold"), ("company", "eq", "Globex"))
        self.assertEqual(self.names(leads.find(where=either, order_by="full_name")),
                         ["Carla Chen", "Eve Evans"])
        # NOT keeps the leads without a rating (Eve Evans).
        self.assertEqual(self.names(leads.find(where=leadbook.not_(("rating", "eq", "hot")),
                                               order_by="full_name")),
                         ["Bruno Brown", "Carla Chen", "Eve Evans"])
        nested = leadbook.any_of(leadbook.all_of(("rating", "eq", "hot"), ("company", "is_empty")),
                                 {"field": "full_name", "op": "starts_with", "value": "B"})
        self.assertEqual(self.names(leads.find(where=[nested], order_by="full_name")),
                         ["Bruno Brown", "Dan Diaz"])
        self.book.history.add(kind="phone_log", subject="call", links=[ids[1]])
        called = leadbook.linked("history", ("kind", "eq", "phone_log"))
        self.assertEqual(self.names(leads.find(where=called)), ["Bruno Brown"])
        self.assertEqual(leads.count(where=leadbook.not_(called)), 4)
        # User-defined fields, and a bulk edit of the leads a group selects
        # (Bruno Brown is warm already: one changes).
        leads.update(ids[0], version=leads.get(ids[0]).version, custom={"Budget": 900})
        self.assertEqual(leads.bulk_edit(leadbook.any_of(("custom.Budget", "gt", 500), called),
                                         "rating", "warm"), 1)
        self.assertEqual(self.names(leads.find(rating="warm", order_by="full_name")),
                         ["Alice Adams", "Bruno Brown"])
        # Past the nesting limit: an error, and nothing changed.
        deep = ("rating", "eq", "hot")
        for _ in range(5):
            deep = leadbook.any_of(deep)
        with self.assertRaises(leadbook.ValidationError) as caught:
            leads.bulk_edit(deep, "rating", "cold")
        self.assertIn("the limit (query_nesting) is 4", str(caught.exception))
        self.assertEqual(leads.count(rating="cold"), 1)
        with self.assertRaises(TypeError):
            leads.find(where={"any": [("rating", "eq", "hot")], "colour": 1})

    def test_find_order_limit_offset(self):
        self.add_leads()
        leads = self.book.leads
        everyone = ["Alice Adams", "Bruno Brown", "Carla Chen", "Dan Diaz", "Eve Evans"]
        self.assertEqual(self.names(leads.find(order_by="full_name")), everyone)
        self.assertEqual(self.names(leads.find(order_by="-full_name")), everyone[::-1])
        self.assertEqual(self.names(leads.find(order_by=["rating", "-full_name"])),
                         ["Eve Evans", "Carla Chen", "Dan Diaz", "Alice Adams", "Bruno Brown"])
        self.assertEqual(self.names(leads.find(order_by="full_name", limit=2)), everyone[:2])
        self.assertEqual(self.names(leads.find(order_by="full_name", limit=2, offset=2)),
                         everyone[2:4])
        self.assertEqual(self.names(leads.find(order_by="full_name", offset=4)), everyone[4:])
        self.assertEqual(self.names(leads.find(order_by="full_name", limit=0)), [])

    def test_find_newest_first(self):
        ids = self.add_leads()
        lead = self.book.leads.get(ids[2])
        self.book.leads.update(lead.id, version=lead.version, notes="touched")
        # Timestamps have millisecond precision, so ties are possible: check
        # the order, not which lead comes first.
        # Timestamps read as aware datetimes, which order as times.
        def when(lead):
            self.assertIsInstance(lead.modified_at, datetime.datetime)
            return lead.modified_at

        newest_first = [when(lead) for lead in self.book.leads.find(order_by="-modified_at")]
        self.assertEqual(len(newest_first), 5)
        self.assertEqual(newest_first, sorted(newest_first, reverse=True))
        self.assertEqual(newest_first[0], when(self.book.leads.get(ids[2])))
        oldest_first = [when(lead) for lead in self.book.leads.find(order_by=["modified_at"])]
        self.assertEqual(oldest_first, sorted(newest_first))

    def test_count(self):
        self.add_leads()
        leads = self.book.leads
        self.assertEqual(leads.count(), 5)
        self.assertEqual(leads.count(assigned_to=self.ana.id), 3)
        self.assertEqual(leads.count(where=[("company", "starts_with", "Acme")]), 2)
        self.assertEqual(leads.count(limit=2), 2)
        self.assertEqual(leads.count(offset=4), 1)
        self.assertEqual(self.book.users.count(), 2)
        self.assertEqual(self.book.accounts.count(), 0)

    def test_find_errors_name_the_field_or_op(self):
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.find(nosuchfield=1)
        self.assertIn("nosuchfield", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.count(where=[("company", "sounds_like", "x")])
        self.assertIn("sounds_like", str(caught.exception))

    def test_unknown_operator_lists_the_operators(self):
        ops = "eq, ne, lt, le, gt, ge, contains, starts_with, in, is_empty, has"
        with self.assertRaises(leadbook.ValidationError) as caught:
            list(self.book.leads.find(where=[("company", "eq", "Acme"),
                                             ("rating", "equals", "hot")]))
        self.assertIn(f"'where[1].op': 'equals' is not an operator; use one of: {ops}",
                      str(caught.exception))
        # A dict condition says the same, and so does count.
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.count(where={"field": "company", "op": "LIKE", "value": "A%"})
        self.assertIn(f"'where[0].op': 'LIKE' is not an operator; use one of: {ops}",
                      str(caught.exception))
        # Every operator the message lists is one the library takes.
        self.add_leads()
        for op in ops.split(", "):
            value = {"in": ["Acme"], "is_empty": None, "has": "x@y.example"}.get(op, "Acme")
            field = "emails.address" if op == "has" else "company"
            with self.subTest(op=op):
                self.assertGreaterEqual(self.book.leads.count(where=[(field, op, value)]), 0)
        with self.assertRaises(leadbook.ValidationError):
            self.book.leads.find(order_by="-nosuchfield")
        with self.assertRaises(TypeError):
            self.book.leads.find(where=[42])

    def test_cursor_is_an_iterator_and_context_manager(self):
        self.add_leads()
        cursor = self.book.leads.find(order_by="full_name")
        self.assertIs(iter(cursor), cursor)
        self.assertEqual(next(cursor).full_name, "Alice Adams")
        self.assertIn("open", repr(cursor))
        rest = list(cursor)
        self.assertEqual(len(rest), 4)
        self.assertEqual(list(cursor), [])
        self.assertIn("closed", repr(cursor))
        with self.book.leads.find(order_by="full_name") as cursor:
            self.assertEqual(next(cursor).full_name, "Alice Adams")
        self.assertEqual(list(cursor), [])

    def test_cursor_closed_early_does_not_break_later_calls(self):
        self.add_leads()
        cursor = self.book.leads.find(order_by="full_name")
        next(cursor)
        cursor.close()
        cursor.close()
        with self.assertRaises(StopIteration):
            next(cursor)
        # Abandoned half-read cursors, freed by garbage collection.
        for _ in range(3):
            abandoned = self.book.leads.find()
            next(abandoned)
            del abandoned
        gc.collect()
        lead = self.book.leads.add(full_name="After Cursor")
        self.assertEqual(self.book.leads.count(), 6)
        self.assertEqual(self.book.leads.get(lead.id).full_name, "After Cursor")
        self.assertEqual(len(list(self.book.leads.find())), 6)
        # Several cursors open at once.
        first, second = self.book.leads.find(), self.book.users.find()
        self.assertEqual(next(second).name, "Ana Silva")
        self.assertIsNotNone(next(first))
        first.close()
        self.assertEqual(next(second).name, "Bob Stone")
        second.close()

    def test_add_time_stamp(self):
        self.book.set_acting_user(self.ana.id)
        lead = self.book.leads.add(full_name="Jane Doe", notes="First call.")
        stamped = self.book.leads.add_time_stamp(lead.id, version=lead.version,
                                                 text="called back")
        self.assertEqual(stamped.version, lead.version + 1)
        lines = stamped.notes.splitlines()
        self.assertEqual(lines[0], "First call.")
        self.assertEqual(len(lines), 2)
        self.assertIn("called back", lines[1])
        self.assertIn("UTC", lines[1])
        self.assertIn("Ana Silva", lines[1])
        self.assertEqual(self.book.leads.get(lead.id).notes, stamped.notes)
        again = self.book.leads.add_time_stamp(lead.id, version=stamped.version)
        self.assertEqual(len(again.notes.splitlines()), 3)
        self.assertTrue(again.notes.startswith(stamped.notes))
        with self.assertRaises(leadbook.Conflict):
            self.book.leads.add_time_stamp(lead.id, version=stamped.version, text="late")
        self.assertEqual(self.book.leads.get(lead.id).notes, again.notes)
        with self.assertRaises(leadbook.NotFound):
            self.book.leads.add_time_stamp(lead.id + 1000, version=1)

    def test_only_leads_have_time_stamps(self):
        self.assertFalse(hasattr(self.book.accounts, "add_time_stamp"))
        self.assertIsInstance(self.book.leads, leadbook.Collection)

    def test_non_ascii_text_round_trips(self):
        lead = self.book.leads.add(full_name="Zoë Ñúñez 山田", company="Café ☕")
        self.assertEqual(self.book.leads.get(lead.id).full_name, "Zoë Ñúñez 山田")
        self.assertEqual(self.book.leads.count(company="Café ☕"), 1)

    def test_saved_reports(self):
        reports = self.book.saved_reports
        report = reports.add(name="Hot leads", definition='{"group_by": ["rating"]}')
        self.assertEqual(reports.get(report.id).name, "Hot leads")
        self.assertEqual(reports.count(), 1)
        with self.assertRaises(leadbook.Error):
            reports.add(name="Broken", definition="[1, 2]")
        # The rules of book.reports.save hold here too.
        with self.assertRaisesRegex(leadbook.Conflict, "built-in report"):
            reports.add(name="leads_by_score", definition="{}")
        with self.assertRaisesRegex(leadbook.ValidationError, "'group_by' must be an array"):
            reports.add(name="Grouped", definition='{"group_by": "rating"}')
        self.assertEqual(reports.count(), 1)


if __name__ == "__main__":
    unittest.main()
