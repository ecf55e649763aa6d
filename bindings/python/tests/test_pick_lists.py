"""The rating and source pick lists (book.pick_lists)."""

import os
import tempfile
import unittest

import leadbook


class PickListTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.book = leadbook.open(os.path.join(self.tmp.name, "lists.db"))
        self.addCleanup(self.book.close)

    def snapshot(self):
        return ([lead.to_dict() for lead in self.book.leads.find()],
                [entry.to_dict() for entry in self.book.pick_lists.find()])

    def names(self, record_type, list):
        return [entry.name for entry in self.book.pick_lists.of(record_type, list)]

    def test_defaults_and_a_typed_source(self):
        self.assertEqual(self.names("lead", "rating"), ["Hot", "Warm", "Cold"])
        self.book.leads.add(full_name="Jane Doe", source="Webinar")
        self.assertEqual(self.names("lead", "source")[-1], "Webinar")
        self.assertNotIn("Webinar", self.names("business_contact", "source"))

    def test_rating_not_in_the_list(self):
        before = self.snapshot()
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.add(full_name="Jane Doe", rating="scorching")
        self.assertIn("choose one of 'Hot', 'Warm', 'Cold'", str(caught.exception))
        self.assertEqual(self.snapshot(), before)

    def test_rename_reorder_and_delete(self):
        lead = self.book.leads.add(full_name="Jane Doe", rating="Hot")
        hot = self.book.pick_lists.of("lead", "rating")[0]
        self.book.pick_lists.update(hot.id, version=hot.version, name="Burning")
        self.assertEqual(self.book.leads.get(lead.id).rating, "Burning")
        before = self.snapshot()
        with self.assertRaises(leadbook.Conflict):
            self.book.pick_lists.update(hot.id, version=hot.version + 1, name="warm")
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.pick_lists.delete(hot.id)
        self.assertIn("held by 1 records", str(caught.exception))
        self.assertEqual(self.snapshot(), before)
        order = self.book.pick_lists.reorder("lead", "rating", ["cold", "warm", "burning"])
        self.assertEqual([e.name for e in order], ["Cold", "Warm", "Burning"])
        self.assertEqual(self.book.pick_lists.delete(hot.id, replacement="Warm"), 1)
        self.assertEqual(self.book.leads.get(lead.id).rating, "Warm")
        self.assertEqual(self.names("lead", "rating"), ["Cold", "Warm"])
        with self.assertRaises(leadbook.ValidationError):
            self.book.pick_lists.of("lead", "colour")


if __name__ == "__main__":
    unittest.main()
