"""Matching rules and duplicates: warn and block on writes, find_duplicates,
duplicate_groups, and the bad rules that are refused without storing."""

import unittest

import leadbook


def email(address):
    return [{"label": "work", "address": address}]


class DuplicatesTest(unittest.TestCase):
    def setUp(self):
        self.book = leadbook.open(":memory:")
        self.addCleanup(self.book.close)

    def test_default_rule_warns_and_find_duplicates_scores(self):
        rules = self.book.matching_rules.find().all()
        self.assertEqual([r.name for r in rules], ["Same e-mail address"])
        self.assertIsInstance(rules[0], leadbook.MatchingRule)
        jane = self.book.leads.add(full_name="Jane Doe", emails=email("jane@acme.example"))
        self.assertEqual(self.book.possible_duplicates(), [])
        again = self.book.leads.add(full_name="Jane", emails=email("JANE@acme.EXAMPLE"))
        found = self.book.possible_duplicates()
        self.assertEqual([m["id"] for m in found], [jane.id])
        self.assertEqual(found[0]["action"], "warn")
        self.assertEqual(found[0]["score"], 1)
        self.assertEqual([m["id"] for m in self.book.find_duplicates(again.id)], [jane.id])
        self.assertEqual([m["id"] for m in self.book.find_duplicates(again)], [jane.id])
        self.assertEqual(
            [m["id"] for m in self.book.find_duplicates({"full_name": "X",
                                                         "emails": email("jane@ACME.example")})],
            [jane.id, again.id])
        groups = self.book.duplicate_groups()
        self.assertEqual([g["ids"] for g in groups], [[jane.id, again.id]])
        with self.assertRaises(leadbook.NotFound):
            self.book.find_duplicates(987654)

    def test_block_and_fuzzy(self):
        self.book.matching_rules.add(
            name="same person", fields=[{"field": "full_name"}, {"field": "company"}],
            mode="fuzzy", threshold=0.8, action="block")
        stored = self.book.leads.add(full_name="Jonathan Smith", company="Contoso")
        with self.assertRaises(leadbook.Conflict) as caught:
            self.book.leads.add(full_name="Jonathon Smith", company="contoso")
        self.assertIn(f"lead {stored.id} (Jonathan Smith)", str(caught.exception))
        self.assertEqual(self.book.leads.count(), 1)
        with self.assertRaises(leadbook.Conflict):
            self.book.leads.add_many([{"full_name": "Ann Lee", "company": "Fabrikam"},
                                      {"full_name": "ANN LEE", "company": "Fabrikam "}])
        self.assertEqual(self.book.leads.count(), 1)

    def test_bad_rules_are_refused_and_nothing_is_stored(self):
        before = self.book.matching_rules.count()
        with self.assertRaisesRegex(leadbook.ValidationError, "'shoe_size' is not a field"):
            self.book.matching_rules.add(name="bad", fields=[{"field": "shoe_size"}])
        with self.assertRaisesRegex(leadbook.ValidationError, "soundex"):
            self.book.matching_rules.add(
                name="bad", fields=[{"field": "company", "comparison": "soundex"}])
        for threshold in (-0.5, 1.5):
            with self.assertRaisesRegex(leadbook.ValidationError, "'threshold' must be from 0 to 1"):
                self.book.matching_rules.add(name="bad", fields=[{"field": "company"}],
                                             mode="fuzzy", threshold=threshold)
        self.assertEqual(self.book.matching_rules.count(), before)

    def test_merge_moves_everything_and_bad_merges_change_nothing(self):
        a = self.book.leads.add(full_name="Jane Doe", emails=email("jane@acme.example"))
        b = self.book.leads.add(full_name="Jane D.", company="Acme",
                                emails=email("jane@other.example"))
        note = self.book.history.add(kind="business_note", subject="hello", links=[b.id])
        with self.assertRaisesRegex(leadbook.ValidationError, "into itself"):
            self.book.merge(a, [a])
        with self.assertRaisesRegex(leadbook.ValidationError, "named twice"):
            self.book.merge(a, [b, b])
        stale = self.book.leads.update(b.id, version=b.version, rating="hot")
        with self.assertRaises(leadbook.Conflict):
            self.book.merge(a, [b])
        self.assertEqual(self.book.leads.count(), 2)
        self.assertEqual(self.book.leads.get(a.id).version, a.version)
        result = self.book.merge(a, [stale], choose={"rating": stale.id})
        self.assertEqual(result["deleted"], [b.id])
        self.assertEqual(result["history_moved"], [note.id])
        self.assertEqual(result["fields_taken"]["company"], b.id)
        self.assertEqual(result["entries_added"]["emails"], 1)
        merged = self.book.leads.get(a.id)
        self.assertEqual((merged.company, merged.rating, len(merged.emails)), ("Acme", "hot", 2))
        self.assertEqual(self.book.history.get(note.id).links, [a.id])


if __name__ == "__main__":
    unittest.main()
