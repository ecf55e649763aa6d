"""Business contacts and converting leads into them; the users and
criteria shortcuts (deactivate, rename, update without a version, list)."""

import datetime
import os
import tempfile
import unittest

import leadbook


class BookTestCase(unittest.TestCase):
    """A fresh database file in a temporary directory for each test."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.path = os.path.join(self.tmp.name, "contacts.db")
        self.book = leadbook.open(self.path)
        self.addCleanup(self.book.close)


class ContactTest(BookTestCase):
    def test_contacts_collection(self):
        contacts = self.book.contacts
        self.assertIsInstance(contacts, leadbook.Collection)
        contact = contacts.add(full_name="Mary Major", company="Initech",
                               details={"department": "Sales", "birthday": "1980-02-29"})
        self.assertEqual(contact.details.department, "Sales")
        self.assertEqual(contact.details.birthday, datetime.date(1980, 2, 29))
        self.assertIn("Contact(", repr(contact))
        self.assertEqual(contacts.get(contact.id), contact)
        updated = contacts.update(contact.id, version=contact.version, company="Initrode")
        self.assertEqual(updated.company, "Initrode")
        self.assertEqual(contacts.count(company="Initrode"), 1)
        self.assertEqual([c.id for c in contacts.find(company="Initrode")], [contact.id])
        ids = contacts.add_many([{"full_name": "A"}, {"full_name": "B"}])
        self.assertEqual(contacts.bulk_edit(ids, "rating", "hot"), 2)
        ana = self.book.users.add(name="Ana Silva")
        self.assertEqual(contacts.assign({"rating": "hot"}, ana.id), 2)
        contacts.delete(contact.id)
        with self.assertRaises(leadbook.NotFound):
            contacts.get(contact.id)
        # Contacts are not leads.
        self.assertEqual(self.book.leads.count(), 0)
        self.assertFalse(hasattr(contacts, "convert"))

    def test_contact_details_are_checked(self):
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.contacts.add(full_name="Mary", details={"birthday": "1980-02-30"})
        self.assertIn("birthday", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError):
            self.book.contacts.add(full_name=" ")
        self.assertEqual(self.book.contacts.count(), 0)


class ClosedBookTest(BookTestCase):
    def test_new_calls_on_a_closed_book_raise(self):
        lead = self.book.leads.add(full_name="Jane Doe")
        note = self.book.history.add(subject="Hi", links=[lead.id])
        user = self.book.users.add(name="Ana Silva")
        criterion = self.book.criteria.list("lead")[0]
        self.book.close()
        calls = [
            lambda: self.book.leads.convert(lead.id, version=lead.version),
            lambda: self.book.contacts.count(),
            lambda: self.book.history.for_record(lead.id),
            lambda: self.book.history.unlink(note.id, lead.id),
            lambda: self.book.opportunities.add(title="Seats"),
            lambda: self.book.stages.count(),
            lambda: self.book.fields.define("lead", "tier"),
            lambda: self.book.users.deactivate(user.id),
            lambda: self.book.users.rename(user.id, "Ana Costa"),
            lambda: self.book.criteria.update(criterion.id, weight="low"),
            lambda: self.book.criteria.list("lead"),
            lambda: self.book.leads.bulk_edit([lead.id], "rating", "hot"),
            lambda: self.book.leads.assign([lead.id], user.id),
            lambda: self.book.on_change(print),
        ]
        for call in calls:
            with self.assertRaises(leadbook.InvalidArgument) as caught:
                call()
            self.assertIn("closed", str(caught.exception))


class ConvertTest(BookTestCase):
    def setUp(self):
        super().setUp()
        self.account = self.book.accounts.add(name="Acme")
        self.lead = self.book.leads.add(
            full_name="Jane Doe", company="Acme", account_id=self.account.id,
            custom={"region": "north"}, notes="Met at the fair.")
        self.note = self.book.history.add(kind="business_note", subject="First meeting",
                                          links=[self.lead.id])
        self.deal = self.book.opportunities.add(title="Seats", linked_to=self.lead.id)

    def test_convert_keeps_the_record(self):
        contact = self.book.leads.convert(self.lead.id, version=self.lead.version)
        self.assertIn("Contact(", repr(contact))
        self.assertEqual(contact.id, self.lead.id)
        self.assertEqual(contact.full_name, "Jane Doe")
        self.assertEqual(contact.account_id, self.account.id)
        self.assertEqual(contact.custom.region, "north")
        self.assertEqual(contact.notes, "Met at the fair.")
        self.assertIn("details", contact)
        self.assertEqual(self.book.contacts.get(self.lead.id), contact)
        with self.assertRaises(leadbook.NotFound):
            self.book.leads.get(self.lead.id)
        # History and opportunities still point at the same id.
        self.assertEqual([h.id for h in self.book.history.for_record(contact.id)],
                         [self.note.id])
        self.assertEqual([o.id for o in self.book.opportunities.find(linked_to=contact.id)],
                         [self.deal.id])

    def test_a_converted_lead_keeps_its_stars(self):
        criterion = self.book.criteria.list("lead")[0]
        lead = self.book.leads.update(self.lead.id, version=self.lead.version,
                                      criteria_met=[criterion.id])
        self.assertGreater(lead.score.stars, 0)
        contact = self.book.leads.convert(lead.id, version=lead.version)
        self.assertEqual(contact.score.stars, lead.score.stars)
        self.assertEqual(contact.score.mode, "manual")
        edited = self.book.contacts.update(contact.id, version=contact.version, job_title="CEO")
        self.assertEqual(edited.score.stars, lead.score.stars)
        breakdown = self.book.contacts.score_breakdown(contact.id)
        self.assertEqual([(m.criterion_id, m.points, m.counts) for m in breakdown.met],
                         [(criterion.id, 0, False)])
        with self.assertRaises(leadbook.NotFound):
            self.book.contacts.score_breakdown(self.account.id)

    def test_convert_reports_the_change(self):
        changes = []
        self.book.on_change(changes.append)
        self.book.leads.convert(self.lead.id, version=self.lead.version)
        self.assertEqual(len(changes), 1)
        self.assertEqual({(c.collection, c.kind, tuple(c.ids)) for c in changes[0]},
                         {("leads", "deleted", (self.lead.id,)),
                          ("contacts", "added", (self.lead.id,))})

    def snapshot(self):
        return ([lead.to_dict() for lead in self.book.leads.find()],
                [contact.to_dict() for contact in self.book.contacts.find()])

    def test_bad_conversions_change_nothing(self):
        before = self.snapshot()
        with self.assertRaises(leadbook.Conflict):
            self.book.leads.convert(self.lead.id, version=self.lead.version + 1)
        with self.assertRaises(leadbook.NotFound):
            self.book.leads.convert(self.lead.id + 1000, version=1)
        self.assertEqual(self.snapshot(), before)
        contact = self.book.leads.convert(self.lead.id, version=self.lead.version)
        after = self.snapshot()
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.convert(contact.id, version=contact.version)
        self.assertIn("contact", str(caught.exception))
        with self.assertRaises(TypeError):
            self.book.leads.convert(contact.id)  # version is required
        self.assertEqual(self.snapshot(), after)

    def test_convert_a_lead_after_it_changed(self):
        changed = self.book.leads.update(self.lead.id, version=self.lead.version,
                                         rating="hot")
        with self.assertRaises(leadbook.Conflict):
            self.book.leads.convert(self.lead.id, version=self.lead.version)
        contact = self.book.leads.convert(changed.id, version=changed.version)
        self.assertEqual(contact.rating, "hot")


class UserShortcutTest(BookTestCase):
    def test_deactivate(self):
        ana = self.book.users.add(name="Ana Silva")
        self.assertIsInstance(self.book.users, leadbook.UserCollection)
        inactive = self.book.users.deactivate(ana.id)
        self.assertFalse(inactive.active)
        self.assertEqual(inactive.version, ana.version + 1)
        self.assertFalse(self.book.users.get(ana.id).active)
        lead = self.book.leads.add(full_name="Jane Doe")
        with self.assertRaises(leadbook.ValidationError):
            self.book.leads.assign([lead.id], ana.id)
        with self.assertRaises(leadbook.NotFound):
            self.book.users.deactivate(ana.id + 1000)

    def test_rename(self):
        ana = self.book.users.add(name="Ana Silva")
        self.book.users.deactivate(ana.id)  # a newer version than `ana`
        renamed = self.book.users.rename(ana.id, "Ana Costa")
        self.assertEqual(renamed.name, "Ana Costa")
        self.assertFalse(renamed.active)
        with self.assertRaises(leadbook.ValidationError):
            self.book.users.rename(ana.id, "  ")
        with self.assertRaises(TypeError):
            self.book.users.rename(ana.id, None)
        with self.assertRaises(leadbook.NotFound):
            self.book.users.rename(ana.id + 1000, "Bob")
        self.assertEqual(self.book.users.get(ana.id).name, "Ana Costa")


class UpdateLatestTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        path = os.path.join(self.tmp.name, "latest.db")
        self.mine = leadbook.open(path)
        self.addCleanup(self.mine.close)
        self.theirs = leadbook.open(path)
        self.addCleanup(self.theirs.close)

    def test_changes_apply_to_the_current_version(self):
        read = self.mine.leads.add(full_name="Jane Doe")
        self.theirs.leads.update(read.id, version=read.version, company="Acme")
        with self.assertRaises(leadbook.Conflict):
            self.mine.leads.update(read.id, version=read.version, rating="hot")
        latest = self.mine.leads.update_latest(read.id, rating="hot")
        self.assertEqual((latest.version, latest.company, latest.rating),
                         (read.version + 2, "Acme", "hot"))
        self.assertEqual(self.theirs.leads.get(read.id), latest)

    def test_failures(self):
        lead = self.mine.leads.add(full_name="Jane Doe")
        with self.assertRaises(leadbook.NotFound):
            self.mine.leads.update_latest(lead.id + 1000, rating="hot")
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.mine.leads.update_latest(lead.id, version=7)
        self.assertIn("version", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError):
            self.mine.leads.update_latest(lead.id, full_name=" ")
        self.assertEqual(self.mine.leads.get(lead.id), lead)


class CriteriaShortcutTest(BookTestCase):
    def test_update_without_a_version(self):
        criteria = self.book.criteria
        self.assertIsInstance(criteria, leadbook.CriterionCollection)
        first = criteria.list(record_type="lead")[0]
        changed = criteria.update(first.id, weight="low")
        self.assertEqual(changed.weight, "low")
        self.assertEqual(changed.version, first.version + 1)
        again = criteria.update(first.id, weight="high", description="Budget approved")
        self.assertEqual((again.weight, again.description), ("high", "Budget approved"))

    def test_update_with_a_version(self):
        criterion = self.book.criteria.list("lead")[0]
        changed = self.book.criteria.update(criterion.id, version=criterion.version,
                                            weight="low")
        self.assertEqual(changed.weight, "low")
        with self.assertRaises(leadbook.Conflict):
            self.book.criteria.update(criterion.id, version=criterion.version, weight="high")
        self.assertEqual(self.book.criteria.get(criterion.id).weight, "low")

    def test_bad_updates_change_nothing(self):
        criterion = self.book.criteria.list("lead")[0]
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.criteria.update(criterion.id, weight="huge")
        self.assertIn("weight", str(caught.exception))
        with self.assertRaises(leadbook.NotFound):
            self.book.criteria.update(criterion.id + 100000, weight="low")
        self.assertEqual(self.book.criteria.get(criterion.id), criterion)

    def test_update_rescores(self):
        criteria = self.book.criteria
        for criterion in criteria.list("lead"):
            criteria.delete(criterion.id)
        need = criteria.add(record_type="lead", description="Need", weight="normal",
                            effect="raise")
        criteria.add(record_type="lead", description="Budget", weight="normal",
                     effect="raise")
        lead = self.book.leads.add(full_name="Jane", criteria_met=[need.id])
        self.assertEqual(lead.score.percent, 50)
        criteria.update(need.id, weight="high")
        self.assertEqual(self.book.leads.get(lead.id).score.percent, 60)

    def test_list(self):
        criteria = self.book.criteria
        lead_criteria = criteria.list(record_type="lead")
        self.assertIsInstance(lead_criteria, list)
        self.assertTrue(lead_criteria)
        self.assertTrue(all(c.record_type == "lead" for c in lead_criteria))
        self.assertEqual([c.id for c in lead_criteria], sorted(c.id for c in lead_criteria))
        contact_criteria = criteria.list("business_contact")
        self.assertTrue(all(c.record_type == "business_contact" for c in contact_criteria))
        self.assertEqual(len(criteria.list()), len(lead_criteria) + len(contact_criteria))
        self.assertEqual(criteria.list("lead"), lead_criteria)
        with self.assertRaises(leadbook.ValidationError):
            criteria.list("spaceship")


if __name__ == "__main__":
    unittest.main()
