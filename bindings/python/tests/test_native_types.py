"""Python values in and out: typed record classes derived from the field
schema, aware datetimes, dates, Decimal money, replace(), cursors' all(),
first(), dicts() and to_dataframe(); and the bad input around them, each
checked to store nothing."""

import datetime
import decimal
import os
import pickle
import tempfile
import unittest

import leadbook
from leadbook import _native, _records

UTC = datetime.timezone.utc
Decimal = decimal.Decimal


class BookCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.book = leadbook.open(os.path.join(self.tmp.name, "types.db"))
        self.addCleanup(self.book.close)
        self.lead = self.book.leads.add(
            full_name="Jane Doe", company="Acme",
            emails=[{"label": "work", "address": "jane@acme.example"}])

    def snapshot(self):
        """Everything stored that these tests touch, as JSON."""
        return {name: [r.to_dict() for r in getattr(self.book, name).find()]
                for name in ("leads", "contacts", "history", "opportunities", "accounts")}


class RecordClassTest(BookCase):
    def test_every_collection_returns_its_class(self):
        book = self.book
        ana = book.users.add(name="Ana Silva")
        account = book.accounts.add(name="Acme")
        contact = book.contacts.add(full_name="Mary Major")
        item = book.history.add(subject="Note", links=[self.lead.id])
        deal = book.opportunities.add(title="Seats", linked_to=self.lead.id)
        field = book.fields.define("lead", "tier")
        cases = [(self.lead, leadbook.Lead), (ana, leadbook.User),
                 (account, leadbook.Account), (contact, leadbook.BusinessContact),
                 (item, leadbook.HistoryItem), (deal, leadbook.Opportunity),
                 (field, leadbook.FieldDefinition),
                 (book.criteria.list()[0], leadbook.Criterion),
                 (book.stages.find().first(), leadbook.Stage)]
        for record, cls in cases:
            with self.subTest(cls=cls.__name__):
                self.assertIs(type(record), cls)
                self.assertIsInstance(record, leadbook.Record)
                self.assertTrue(repr(record).startswith(f"{cls.__name__}("), repr(record))
        converted = book.leads.convert(self.lead.id, version=self.lead.version)
        self.assertIs(type(converted), leadbook.BusinessContact)
        self.assertIs(type(book.contacts.get(converted.id)), leadbook.BusinessContact)

    def test_fields_come_from_the_schema(self):
        # Every collection of the library's schema has a class, whose fields
        # are the schema's, in its order.
        schema = _native.field_schema()
        self.assertEqual(sorted(_records.RECORD_CLASSES), sorted(r["collection"] for r in schema))
        for record_type in schema:
            cls = _records.RECORD_CLASSES[record_type["collection"]]
            self.assertEqual(list(cls._fields), [f["name"] for f in record_type["fields"]])
        self.assertEqual(list(self.lead.keys()), list(leadbook.Lead._fields))

    def test_nested_records_are_typed(self):
        email = self.lead.emails[0]
        self.assertEqual(type(email).__name__, "Email")
        self.assertEqual((email.label, email.address), ("work", "jane@acme.example"))
        self.assertEqual(type(self.lead.score).__name__, "Score")
        self.assertIsInstance(self.lead.score.stars, int)
        # One class per shape: a lead's e-mail equals a contact's or an
        # account's with the same values, and pickles.
        contact = self.book.contacts.add(full_name="C", emails=[email])
        account = self.book.accounts.add(name="A", emails=[email])
        self.assertEqual(contact.emails[0], email)
        self.assertEqual(account.emails[0], email)
        self.assertEqual(pickle.loads(pickle.dumps(email)), email)
        deal = self.book.opportunities.add(title="D", items=[{"item": "Seat", "quantity": 1,
                                                               "unit_price": "2.50"}])
        self.assertEqual(type(deal.items[0]).__name__, "Item")
        self.assertEqual(pickle.loads(pickle.dumps(deal.items[0])).unit_price, Decimal("2.50"))

    def test_equality(self):
        again = self.book.leads.get(self.lead.id)
        self.assertEqual(again, self.lead)
        self.assertIsNot(again, self.lead)
        self.assertNotEqual(again.replace(notes="x"), self.lead)
        contact = self.book.contacts.add(full_name="Jane Doe")
        # A lead and a contact are never equal, whatever they hold.
        self.assertNotEqual(leadbook.Lead(full_name="Jane"),
                            leadbook.BusinessContact(full_name="Jane"))
        self.assertNotEqual(contact, self.lead)
        self.assertNotEqual(self.lead, {"full_name": "Jane Doe"})
        with self.assertRaises(TypeError):
            hash(self.lead)

    def test_pickle_round_trip(self):
        copy = pickle.loads(pickle.dumps(self.lead))
        self.assertIs(type(copy), leadbook.Lead)
        self.assertEqual(copy, self.lead)


class NativeValueTest(BookCase):
    def test_timestamps_are_aware_utc(self):
        for value in (self.lead.created_at, self.lead.modified_at):
            self.assertIsInstance(value, datetime.datetime)
            self.assertIs(value.tzinfo, UTC)
        # Any aware time zone goes in; it is stored as the same moment in UTC.
        plus_one = datetime.timezone(datetime.timedelta(hours=1))
        item = self.book.history.add(
            subject="Call", links=[self.lead.id],
            occurred_at=datetime.datetime(2026, 11, 27, 10, 30, 0, 250000, tzinfo=plus_one))
        self.assertEqual(item.occurred_at, datetime.datetime(2026, 11, 27, 9, 30, 0, 250000,
                                                             tzinfo=UTC))
        self.assertEqual(item.to_dict()["occurred_at"], "2026-11-27T09:30:00.250Z")

    def test_dates(self):
        task = self.book.history.add(kind="task", subject="Quote", links=[self.lead.id],
                                     due_date=datetime.date(2026, 12, 5))
        self.assertEqual(task.due_date, datetime.date(2026, 12, 5))
        self.assertIsNone(self.book.history.add(kind="task", subject="Later",
                                                links=[self.lead.id]).due_date)
        deal = self.book.opportunities.add(title="Seats", expected_close=datetime.date(2027, 1, 31))
        self.assertEqual(deal.expected_close, datetime.date(2027, 1, 31))

    def test_custom_dates(self):
        self.book.fields.define("lead", "met_on", "date")
        lead = self.book.leads.add(full_name="Max", custom={"met_on": datetime.date(2026, 3, 1)})
        self.assertEqual(lead.custom.met_on, datetime.date(2026, 3, 1))
        self.assertEqual(lead.to_dict()["custom"], {"met_on": {"date": "2026-03-01"}})

    def test_money_is_decimal(self):
        deal = self.book.opportunities.add(
            title="Seats", items=[{"item": "Seat", "quantity": 3, "unit_price": Decimal("19.99")}])
        self.assertEqual(deal.total, Decimal("59.97"))
        self.assertIsInstance(deal.items[0].unit_price, Decimal)
        self.assertEqual(deal.items[0].total, Decimal("59.97"))

    def test_bytes(self):
        item = self.book.history.add(kind="file", subject="Price list", links=[self.lead.id],
                                     file_name="prices.bin", file_bytes=b"\x00\xff\x10")
        self.assertEqual(item.file_bytes, b"\x00\xff\x10")
        self.assertEqual(self.lead.photo, b"")


class BadValueTest(BookCase):
    def test_naive_datetime_is_refused_everywhere(self):
        naive = datetime.datetime(2026, 11, 27, 9, 30)
        before = self.snapshot()
        calls = [
            lambda: self.book.history.add(subject="Call", links=[self.lead.id], occurred_at=naive),
            lambda: self.book.history.add_many([{"subject": "Call", "links": [self.lead.id],
                                                 "occurred_at": naive}]),
            lambda: self.book.history.update(1, version=1, occurred_at=naive),
            lambda: self.book.leads.find(where=[("created_at", "lt", naive)]),
            lambda: self.book.leads.count(where=[("created_at", "lt", naive)]),
            lambda: self.book.history.for_record(self.lead.id, since=naive),
            lambda: self.lead.replace(modified_at=naive),
        ]
        for call in calls:
            with self.subTest(call=call), \
                    self.assertRaisesRegex(leadbook.ValidationError, "naive datetime"):
                call()
        self.assertEqual(self.snapshot(), before)

    def test_float_money_is_refused(self):
        before = self.snapshot()
        item = {"item": "Seat", "quantity": 1, "unit_price": 19.99}
        for call in (lambda: self.book.opportunities.add(title="Float", items=[item]),
                     lambda: self.book.opportunities.add_many([{"title": "F", "items": [item]}])):
            with self.subTest(call=call), self.assertRaisesRegex(TypeError, "float"):
                call()
        self.assertEqual(self.snapshot(), before)

    def test_nan_is_refused(self):
        before = self.snapshot()
        with self.assertRaises(leadbook.ValidationError):
            self.book.leads.add_many([{"full_name": "A"}, {"full_name": "B",
                                                           "custom": {"x": float("inf")}}])
        self.assertEqual(self.snapshot(), before)

    def test_unstorable_type(self):
        before = self.snapshot()
        with self.assertRaisesRegex(TypeError, "a object cannot be stored"):
            self.book.leads.add(full_name="X", notes=object())
        self.assertEqual(self.snapshot(), before)


class ReplaceTest(BookCase):
    def test_replace_makes_a_changed_copy(self):
        copy = self.lead.replace(company="Acme Corp", rating="hot")
        self.assertIs(type(copy), leadbook.Lead)
        self.assertEqual((copy.company, copy.rating), ("Acme Corp", "hot"))
        self.assertEqual(self.lead.company, "Acme")  # unchanged
        self.assertEqual(copy.id, self.lead.id)
        # A replaced record goes into add_many as a new record.
        [new_id] = self.book.leads.add_many([copy])
        self.assertEqual(self.book.leads.get(new_id).company, "Acme Corp")

    def test_replace_converts_values(self):
        moment = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
        item = self.book.history.add(subject="Note", links=[self.lead.id])
        copy = item.replace(occurred_at=moment)
        self.assertEqual(copy.occurred_at, moment)
        deal = self.book.opportunities.add(title="Seats")
        self.assertEqual(deal.replace(total=Decimal("1.50")).total, Decimal("1.50"))

    def test_replace_with_an_unknown_field(self):
        before = self.snapshot()
        with self.assertRaises(TypeError) as caught:
            self.lead.replace(compnay="Acme")
        self.assertIn("'compnay'", str(caught.exception))
        self.assertIn("Lead has no field", str(caught.exception))
        # A field of another record type is unknown too.
        with self.assertRaisesRegex(TypeError, "'details'"):
            self.lead.replace(details={})
        self.assertEqual(self.lead.company, "Acme")
        self.assertEqual(self.snapshot(), before)

    def test_constructor_checks_names(self):
        lead = leadbook.Lead(full_name="New", company="Initech")
        self.assertEqual(lead.full_name, "New")
        [new_id] = self.book.leads.add_many([lead])
        self.assertEqual(self.book.leads.get(new_id).company, "Initech")
        with self.assertRaisesRegex(TypeError, "User has no field 'full_name'"):
            leadbook.User(full_name="Ana")


class CursorTest(BookCase):
    def setUp(self):
        super().setUp()
        self.book.leads.add_many([{"full_name": f"Lead {i}", "company": "Initech"}
                                  for i in range(5)])

    def test_all_and_first(self):
        leads = self.book.leads.find(company="Initech", order_by="full_name").all()
        self.assertEqual([lead.full_name for lead in leads], [f"Lead {i}" for i in range(5)])
        self.assertTrue(all(type(lead) is leadbook.Lead for lead in leads))
        cursor = self.book.leads.find(company="Initech", order_by="-full_name")
        self.assertEqual(cursor.first().full_name, "Lead 4")
        self.assertIn("closed", repr(cursor))
        self.assertEqual(cursor.all(), [])
        self.assertIsNone(self.book.leads.find(company="Nobody").first())
        # all() after some records were read gives the rest.
        cursor = self.book.leads.find(company="Initech", order_by="full_name")
        next(cursor)
        self.assertEqual(len(cursor.all()), 4)

    def test_next_then_all(self):
        # However the reading is mixed, every record comes once, in order.
        self.book.leads.add_many([{"full_name": f"More {i:03d}"} for i in range(20)])
        names = [lead.full_name for lead in self.book.leads.find(order_by="full_name")]
        self.assertEqual(len(names), 26)
        for first in (0, 1, 5, 26):
            with self.subTest(first=first):
                cursor = self.book.leads.find(order_by="full_name")
                read = [next(cursor).full_name for _ in range(first)]
                rest = [lead.full_name for lead in cursor.all()]
                self.assertEqual(read + rest, names)
                self.assertIn("closed", repr(cursor))
                self.assertEqual(list(cursor), [])
        # A cursor closed early gives no more.
        cursor = self.book.leads.find()
        next(cursor)
        cursor.close()
        self.assertEqual(list(cursor), [])
        self.assertEqual(cursor.all(), [])
        self.assertIsNone(cursor.first())

    def test_cursor_of_a_closed_book(self):
        with leadbook.open(":memory:") as book:
            book.leads.add_many([{"full_name": f"Lead {i}"} for i in range(3)])
            cursors = [book.leads.find(), book.leads.find()]
            for cursor in cursors:
                next(cursor)
        with self.assertRaisesRegex(leadbook.InvalidArgument, "closed"):
            next(cursors[0])
        with self.assertRaisesRegex(leadbook.InvalidArgument, "closed"):
            cursors[1].all()

    def test_dicts(self):
        rows = list(self.book.leads.find(company="Initech", limit=2))
        dicts = list(self.book.leads.find(company="Initech", limit=2).dicts())
        self.assertEqual([d["id"] for d in dicts], [r.id for r in rows])
        row = dicts[0]
        self.assertIs(type(row), dict)
        self.assertIsInstance(row["created_at"], datetime.datetime)
        self.assertIs(type(row["score"]), dict)
        self.assertEqual(row["photo"], b"")
        self.assertEqual(list(row), list(leadbook.Lead._fields))

    def test_to_dataframe(self):
        import pandas

        frame = self.book.leads.find(company="Initech", order_by="full_name").to_dataframe()
        self.assertIsInstance(frame, pandas.DataFrame)
        self.assertEqual(len(frame), 5)
        self.assertEqual(list(frame.columns), list(leadbook.Lead._fields))
        self.assertEqual(list(frame["full_name"]), [f"Lead {i}" for i in range(5)])
        # pandas.DataFrame takes the dicts as they are, too.
        frame = pandas.DataFrame(self.book.leads.find(company="Initech").dicts())
        self.assertEqual(len(frame), 5)
        # An empty find is an empty frame with the type's columns.
        empty = self.book.leads.find(company="Nobody").to_dataframe()
        self.assertEqual((len(empty), list(empty.columns)), (0, list(leadbook.Lead._fields)))

    def test_to_dataframe_without_pandas(self):
        import sys
        from unittest import mock

        # None in sys.modules makes importing pandas fail, as without it.
        with mock.patch.dict(sys.modules, {"pandas": None}):
            with self.assertRaisesRegex(ImportError, "to_dataframe needs pandas"):
                self.book.leads.find().to_dataframe()
            # The rows are still there as dicts.
            self.assertEqual(len(list(self.book.leads.find(company="Initech").dicts())), 5)


if __name__ == "__main__":
    unittest.main()
