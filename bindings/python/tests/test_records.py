"""Records: attribute access, nested records, to_dict, photos, equality."""

import datetime
import json
import os
import pickle
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
    pixels = zlib.compress(b"\x00\x80")  # filter byte, one gray pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


class RecordTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.book = leadbook.open(os.path.join(self.tmp.name, "records.db"))
        self.addCleanup(self.book.close)
        self.ana = self.book.users.add(name="Ana Silva", email="ana@example.com")
        self.lead = self.book.leads.add(
            full_name="Jane Doe",
            company="Acme",
            job_title="Buyer",
            assigned_to=self.ana.id,
            emails=[
                {"label": "work", "address": "jane@acme.example"},
                {"label": "home", "address": "jane@home.example"},
            ],
            phones=[{"label": "mobile", "number": "+1 555 0100"}],
            addresses=[
                {"label": "office", "street": "1 Main St", "city": "Springfield",
                 "country": "US", "mailing": True}
            ],
            custom={"budget": 1200.5, "newsletter": True},
        )

    def test_attribute_access(self):
        lead = self.lead
        self.assertIsInstance(lead, leadbook.Record)
        self.assertIsInstance(lead.id, int)
        self.assertEqual(lead.full_name, "Jane Doe")
        self.assertEqual(lead.company, "Acme")
        self.assertEqual(lead.assigned_to, self.ana.id)
        self.assertEqual(lead.version, 1)
        self.assertEqual(lead.job_title, "Buyer")
        self.assertEqual(lead.notes, "")

    def test_timestamps_are_iso_8601_utc_text(self):
        # In JSON (to_dict) they are ISO 8601 UTC text; read as fields they
        # are aware datetimes in UTC, the same moments.
        for name in ("created_at", "modified_at"):
            text = self.lead.to_dict()[name]
            self.assertIsInstance(text, str)
            self.assertTrue(text.endswith("Z"), text)
            parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
            value = self.lead[name]
            self.assertIsInstance(value, datetime.datetime)
            self.assertIs(value.tzinfo, datetime.timezone.utc)
            self.assertEqual(value, parsed)

    def test_nested_lists_of_records(self):
        emails = self.lead.emails
        self.assertIsInstance(emails, list)
        self.assertEqual(len(emails), 2)
        self.assertIsInstance(emails[0], leadbook.Record)
        self.assertEqual(emails[0].label, "work")
        self.assertEqual(emails[0].address, "jane@acme.example")
        self.assertEqual(emails[1].address, "jane@home.example")
        self.assertEqual(self.lead.phones[0].number, "+1 555 0100")
        address = self.lead.addresses[0]
        self.assertEqual(address.city, "Springfield")
        self.assertIs(address.mailing, True)
        self.assertEqual(self.lead.web_pages, [])

    def test_nested_objects_are_records(self):
        score = self.lead.score
        self.assertIsInstance(score, leadbook.Record)
        self.assertIn(score.mode, ("automatic", "manual"))
        self.assertIsInstance(score.stars, int)
        self.assertEqual(self.lead.custom.budget, 1200.5)
        self.assertIs(self.lead.custom["newsletter"], True)

    def test_getitem(self):
        self.assertEqual(self.lead["full_name"], "Jane Doe")
        self.assertEqual(self.lead["emails"][0]["address"], "jane@acme.example")
        with self.assertRaises(KeyError):
            self.lead["no_such_field"]
        self.assertIn("full_name", self.lead)
        self.assertNotIn("no_such_field", self.lead)
        self.assertEqual(self.lead.get("no_such_field", 7), 7)
        self.assertIn("company", self.lead.keys())

    def test_unknown_attribute_is_attribute_error(self):
        with self.assertRaises(AttributeError) as caught:
            self.lead.fullname
        self.assertIn("fullname", str(caught.exception))
        self.assertFalse(hasattr(self.lead, "no_such_field"))
        self.assertFalse(hasattr(self.lead.emails[0], "number"))

    def test_records_are_read_only(self):
        with self.assertRaises(AttributeError):
            self.lead.company = "Other"
        self.assertEqual(self.lead.company, "Acme")

    def test_to_dict_is_plain_json(self):
        data = self.lead.to_dict()
        self.assertIs(type(data), dict)
        self.assertEqual(data["full_name"], "Jane Doe")
        self.assertIs(type(data["emails"]), list)
        self.assertIs(type(data["emails"][0]), dict)
        self.assertEqual(data["emails"][0], {"label": "work", "address": "jane@acme.example"})
        self.assertIs(type(data["score"]), dict)
        self.assertEqual(json.loads(json.dumps(data)), data)
        for field in ("id", "full_name", "job_title", "file_as", "assigned_to", "photo",
                      "company", "account_id", "emails", "web_pages", "phones",
                      "addresses", "source", "initiated_by", "rating", "score",
                      "criteria_met", "notes", "custom", "created_at", "modified_at",
                      "modified_by", "version"):
            self.assertIn(field, data)
        # A copy: changing it does not change the record.
        data["company"] = "Changed"
        data["emails"].clear()
        self.assertEqual(self.lead.company, "Acme")
        self.assertEqual(len(self.lead.emails), 2)

    def test_user_fields(self):
        ana = self.book.users.get(self.ana.id)
        self.assertEqual(ana.name, "Ana Silva")
        self.assertEqual(ana.email, "ana@example.com")
        self.assertIs(ana.active, True)
        self.assertEqual(
            set(ana.to_dict()),
            {"id", "name", "email", "active", "created_at", "modified_at",
             "modified_by", "version"},
        )

    def test_equality(self):
        again = self.book.leads.get(self.lead.id)
        self.assertEqual(again, self.lead)
        self.assertFalse(again != self.lead)
        changed = self.book.leads.update(self.lead.id, version=self.lead.version, notes="x")
        self.assertNotEqual(changed, self.lead)
        self.assertNotEqual(self.lead, self.lead.to_dict())
        self.assertEqual(leadbook.Record(label="a", address="b"),
                         leadbook.Record({"label": "a", "address": "b"}))
        with self.assertRaises(TypeError):
            hash(self.lead)

    def test_repr_is_readable(self):
        text = repr(self.lead)
        self.assertTrue(text.startswith("Lead("), text)
        self.assertIn("full_name='Jane Doe'", text)
        self.assertIn("jane@acme.example", text)
        self.assertIn("User(", repr(self.ana))

    def test_photo_is_bytes(self):
        png = png_1x1()
        lead = self.book.leads.add(full_name="Pic Ture", photo=png)
        self.assertIsInstance(lead.photo, bytes)
        self.assertEqual(lead.photo, png)
        self.assertEqual(self.book.leads.get(lead.id).photo, png)
        # In to_dict, JSON text: base64.
        self.assertIsInstance(lead.to_dict()["photo"], str)
        self.assertIn(f"<{len(png)} bytes>", repr(lead))
        # No photo reads as empty bytes.
        self.assertEqual(self.lead.photo, b"")
        # Update takes bytes too, and removing it takes b"".
        updated = self.book.leads.update(lead.id, version=lead.version, photo=b"")
        self.assertEqual(updated.photo, b"")
        updated = self.book.leads.update(lead.id, version=updated.version,
                                         photo=bytearray(png))
        self.assertEqual(updated.photo, png)

    def test_datetime_values_are_converted(self):
        moment = datetime.datetime(2026, 11, 27, 9, 30, tzinfo=datetime.timezone.utc)
        found = list(self.book.leads.find(where=[("created_at", "lt", moment.replace(year=2999))]))
        self.assertEqual([lead.id for lead in found], [self.lead.id])
        self.assertEqual(
            self.book.leads.count(where=[("created_at", "lt", moment.replace(year=2000))]), 0)

    def test_stored_record_can_be_added_again(self):
        # A Record read from a book brings id, version and timestamps, which
        # add_many drops (naming them in new fields is a validation error).
        [copy_id] = self.book.leads.add_many([self.book.leads.get(self.lead.id)])
        self.assertNotEqual(copy_id, self.lead.id)
        copy = self.book.leads.get(copy_id)
        self.assertEqual(copy.full_name, "Jane Doe")
        self.assertEqual(copy.emails, self.lead.emails)
        self.assertEqual(copy.assigned_to, self.ana.id)
        self.assertEqual(copy.version, 1)

    def test_pickle_round_trip(self):
        again = pickle.loads(pickle.dumps(self.lead))
        self.assertEqual(again, self.lead)
        self.assertEqual(again.emails[0].address, "jane@acme.example")



class FieldSchemaTest(unittest.TestCase):
    """The library's field schema, and the lists the package derives from it."""

    def test_schema_describes_every_record_type(self):
        from leadbook import _native

        schema = {record["collection"]: record["fields"] for record in _native.field_schema()}
        self.assertIn("leads", schema)
        self.assertIn("history", schema)
        leads = {field["name"]: field for field in schema["leads"]}
        self.assertEqual(leads["id"]["type"], "integer")
        self.assertTrue(leads["id"]["system"])
        self.assertFalse(leads["full_name"]["system"])
        self.assertTrue(leads["photo"]["bytes"])
        self.assertTrue(leads["photo"]["nullable"])
        self.assertEqual(leads["emails"]["type"], "array")
        self.assertIn("address", [member["name"] for member in leads["emails"]["fields"]])
        self.assertEqual(leads["score"]["type"], "object")
        # Every record's JSON has exactly the fields the schema names.
        with leadbook.open(":memory:") as book:
            lead = book.leads.add(full_name="Jane Doe")
            self.assertEqual(list(lead.keys()), [field["name"] for field in schema["leads"]])
            user = book.users.add(name="Ana Silva")
            self.assertEqual(list(user.keys()), [field["name"] for field in schema["users"]])

    def test_derived_lists(self):
        from leadbook import _records

        self.assertIn("photo", _records.BYTES_FIELDS)
        self.assertIn("file_bytes", _records.BYTES_FIELDS)
        self.assertNotIn("full_name", _records.BYTES_FIELDS)
        self.assertTrue({"id", "version", "created_at", "modified_at", "modified_by"}
                        <= _records.SYSTEM_FIELDS)
        self.assertNotIn("full_name", _records.SYSTEM_FIELDS)


if __name__ == "__main__":
    unittest.main()
