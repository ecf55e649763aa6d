"""A lead's status: disqualify with a reason of the editable list, reopen,
finds by status and reason, and the bad input refused without storing."""

import unittest

import leadbook


class StatusTest(unittest.TestCase):
    def setUp(self):
        self.book = leadbook.open(":memory:")
        self.addCleanup(self.book.close)

    def test_disqualify_reopen_and_find(self):
        reasons = self.book.disqualify_reasons.find(order_by=["id"]).all()
        self.assertEqual([r.name for r in reasons],
                         ["no budget", "lost to a competitor", "no response", "duplicate",
                          "not a fit"])
        self.assertIsInstance(reasons[0], leadbook.DisqualifyReason)
        jane = self.book.leads.add(full_name="Jane Doe")
        self.assertEqual(jane.status, "open")
        lost = self.book.leads.disqualify(jane.id, version=jane.version,
                                          reason="Lost to a competitor")
        self.assertEqual((lost.status, lost.status_reason),
                         ("disqualified", "lost to a competitor"))
        self.assertEqual(len(self.book.history.for_record(jane.id).all()), 1)
        self.assertEqual(
            self.book.leads.count(where=[("status_reason", "eq", "lost to a competitor")]), 1)
        opened = self.book.leads.reopen(jane.id, version=lost.version)
        self.assertEqual((opened.status, opened.status_reason), ("open", ""))
        with self.assertRaisesRegex(leadbook.ValidationError, "is open already"):
            self.book.leads.reopen(jane.id, version=opened.version)

    def test_a_reason_not_in_the_list_changes_nothing(self):
        jane = self.book.leads.add(full_name="Jane Doe")
        with self.assertRaisesRegex(leadbook.ValidationError,
                                    "'weather' is not a disqualify reason; use one of: "
                                    "'no budget', 'lost to a competitor'"):
            self.book.leads.disqualify(jane.id, version=jane.version, reason="weather")
        with self.assertRaisesRegex(leadbook.ValidationError, "needs a reason"):
            self.book.leads.disqualify(jane.id, version=jane.version, reason="")
        after = self.book.leads.get(jane.id)
        self.assertEqual((after.version, after.status), (jane.version, "open"))
        self.assertEqual(len(self.book.history.for_record(jane.id).all()), 0)
        self.book.disqualify_reasons.add(name="Bought elsewhere")
        done = self.book.leads.disqualify(jane.id, version=jane.version,
                                          reason="bought ELSEWHERE")
        self.assertEqual(done.status_reason, "Bought elsewhere")


if __name__ == "__main__":
    unittest.main()
