"""Communication history: every kind of item, a record's history newest
first, unlinking, and bad input leaving the stored history unchanged."""

import datetime
import os
import tempfile
import unittest

import leadbook

UTC = datetime.timezone.utc


class HistoryTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.book = leadbook.open(os.path.join(self.tmp.name, "history.db"))
        self.addCleanup(self.book.close)
        self.lead = self.book.leads.add(full_name="Jane Doe")
        self.other = self.book.leads.add(full_name="John Roe")
        self.account = self.book.accounts.add(name="Acme")

    def snapshot(self):
        return [item.to_dict() for item in self.book.history.find()]

    def test_phone_log(self):
        call = self.book.history.add(kind="phone_log", subject="Called about prices",
                                     links=[self.lead.id], direction="outgoing",
                                     duration=300)
        self.assertIsInstance(self.book.history, leadbook.HistoryCollection)
        self.assertEqual((call.kind, call.direction, call.duration),
                         ("phone_log", "outgoing", 300))
        self.assertEqual(call.links, [self.lead.id])
        self.assertEqual(call.occurred_at.utcoffset(), datetime.timedelta(0))
        self.assertEqual(call.to_dict()["occurred_at"][-1], "Z")
        self.assertIn("HistoryItem(", repr(call))
        self.assertEqual(self.book.history.get(call.id), call)

    def test_every_kind(self):
        history = self.book.history
        note = history.add(subject="Likes blue", links=[self.lead.id])
        self.assertEqual(note.kind, "business_note")
        start = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
        meeting = history.add(kind="appointment", subject="Demo", links=[self.lead.id],
                              start=start, end=start + datetime.timedelta(hours=1),
                              location="Lisbon office")
        self.assertEqual((meeting.start, meeting.end),
                         (start, start + datetime.timedelta(hours=1)))
        self.assertEqual((meeting.to_dict()["start"], meeting.to_dict()["end"]),
                         ("2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z"))
        as_text = history.add(kind="appointment", subject="Lunch", links=[self.lead.id],
                              start="2026-12-02T12:00:00Z", end="2026-12-02T13:30:00+00:00")
        self.assertEqual(as_text.end, datetime.datetime(2026, 12, 2, 13, 30, tzinfo=UTC))
        self.assertEqual(as_text.to_dict()["end"], "2026-12-02T13:30:00Z")
        task = history.add(kind="task", subject="Send quote", links=[self.lead.id],
                           due_date=datetime.date(2026, 12, 5), status="in_progress",
                           priority="high", percent_complete=40)
        self.assertEqual((task.due_date, task.status, task.priority, task.percent_complete),
                         (datetime.date(2026, 12, 5), "in_progress", "high", 40))
        mail = history.add(kind="email", subject="Quote", links=[self.lead.id],
                           to="jane@acme.example", sent_at="2026-12-03T08:00:00Z",
                           **{"from": "ana@example.com"})
        self.assertEqual(mail["from"], "ana@example.com")
        self.assertEqual(mail.to, "jane@acme.example")
        attached = history.add(kind="file", subject="Brochure", links=[self.lead.id],
                               file_name="brochure.txt", media_type="text/plain",
                               file_bytes=b"\x00\x01hello")
        self.assertEqual(attached.file_bytes, b"\x00\x01hello")
        self.assertEqual(history.get(attached.id).file_bytes, b"\x00\x01hello")
        kinds = {item.kind for item in history.for_record(self.lead.id)}
        self.assertEqual(kinds, {"business_note", "appointment", "task", "email", "file"})

    def test_items_link_to_several_records(self):
        item = self.book.history.add(subject="Joint call", kind="phone_log",
                                     links=[self.lead.id, self.other.id, self.account.id])
        for record in (self.lead.id, self.other.id, self.account.id):
            self.assertEqual([i.id for i in self.book.history.for_record(record)], [item.id])

    def test_for_record_newest_first_with_filters(self):
        history = self.book.history
        times = [datetime.datetime(2026, 1, day, 9, tzinfo=UTC) for day in (1, 2, 3, 4)]
        ids = []
        for moment, kind in zip(times, ["business_note", "phone_log", "business_note",
                                        "phone_log"]):
            ids.append(history.add(kind=kind, subject=kind, links=[self.lead.id],
                                   occurred_at=moment).id)
        history.add(subject="Not Jane's", links=[self.other.id], occurred_at=times[3])
        self.assertEqual([i.id for i in history.for_record(self.lead.id)], ids[::-1])
        self.assertEqual([i.id for i in history.for_record(self.lead.id, kind="phone_log")],
                         [ids[3], ids[1]])
        self.assertEqual([i.id for i in history.for_record(self.lead.id, since=times[1])],
                         [ids[3], ids[2], ids[1]])
        self.assertEqual([i.id for i in history.for_record(self.lead.id, until=times[2])],
                         [ids[1], ids[0]])
        self.assertEqual(
            [i.id for i in history.for_record(self.lead.id, since="2026-01-02T00:00:00Z",
                                              until=datetime.date(2026, 1, 4))],
            [ids[2], ids[1]])
        lisbon_winter = datetime.timezone(datetime.timedelta(hours=0), "WET")
        since = datetime.datetime(2026, 1, 3, 9, tzinfo=lisbon_winter)
        self.assertEqual([i.id for i in history.for_record(self.lead.id, since=since,
                                                           kind="business_note")], [ids[2]])
        plus_two = datetime.timezone(datetime.timedelta(hours=2))
        self.assertEqual([i.id for i in history.for_record(
            self.lead.id, since=datetime.datetime(2026, 1, 3, 11, tzinfo=plus_two),
            kind="business_note")], [ids[2]])
        # A naive datetime names no time zone: refused, not guessed.
        with self.assertRaisesRegex(leadbook.ValidationError, "naive datetime"):
            history.for_record(self.lead.id, since=datetime.datetime(2026, 1, 3, 9))
        self.assertEqual([i.id for i in history.for_record(self.lead.id, limit=2)],
                         [ids[3], ids[2]])
        self.assertEqual(list(history.for_record(self.account.id)), [])
        with self.assertRaises(TypeError):
            history.for_record(self.lead.id, since=1234)
        with self.assertRaises(TypeError):
            history.for_record("Jane")

    def test_unlink(self):
        history = self.book.history
        note = history.add(subject="Shared", links=[self.lead.id, self.other.id])
        left = history.unlink(note.id, self.lead.id)
        self.assertEqual(left.links, [self.other.id])
        self.assertEqual(left.version, note.version + 1)
        self.assertEqual(list(history.for_record(self.lead.id)), [])
        # The last link of a note goes: so does the note.
        self.assertIsNone(history.unlink(note.id, self.other.id))
        with self.assertRaises(leadbook.NotFound):
            history.get(note.id)
        call = history.add(kind="phone_log", subject="Call", links=[self.lead.id])
        self.assertIsNone(history.unlink(call.id, self.lead.id))
        # Appointments, tasks, e-mails and files stay, linked to nothing.
        task = history.add(kind="task", subject="Follow up", links=[self.lead.id])
        kept = history.unlink(task.id, self.lead.id)
        self.assertEqual(kept.links, [])
        self.assertEqual(history.get(task.id).links, [])

    def test_bad_unlinks(self):
        history = self.book.history
        note = history.add(subject="Mine", links=[self.lead.id])
        before = self.snapshot()
        with self.assertRaises(leadbook.NotFound):
            history.unlink(note.id, self.other.id)
        with self.assertRaises(leadbook.NotFound):
            history.unlink(note.id + 1000, self.lead.id)
        with self.assertRaises(TypeError):
            history.unlink(note.id, None)
        self.assertEqual(self.snapshot(), before)

    def test_bad_items_store_nothing(self):
        history = self.book.history
        history.add(subject="Existing", links=[self.lead.id])
        before = self.snapshot()
        with self.assertRaises(leadbook.ValidationError) as caught:
            history.add(kind="phone_log", subject="Call", links=[self.lead.id + 1000])
        self.assertIn("links", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError) as caught:
            history.add(kind="appointment", subject="Backwards", links=[self.lead.id],
                        start="2026-12-01T10:00:00Z", end="2026-12-01T09:00:00Z")
        self.assertIn("end", str(caught.exception))
        bad = [
            dict(kind="business_note", subject="Note", links=[]),
            dict(kind="business_note", subject="Note", links=[self.lead.id],
                 direction="incoming"),
            dict(kind="phone_log", subject="Call", links=[self.lead.id], direction="sideways"),
            dict(kind="task", subject="Task", links=[self.lead.id], percent_complete=101),
            dict(kind="gossip", subject="Heard", links=[self.lead.id]),
            dict(kind="phone_log", subject="Twice", links=[self.lead.id, self.lead.id]),
            dict(kind="appointment", subject="When?", links=[self.lead.id], start="tuesday"),
        ]
        for fields in bad:
            with self.subTest(fields=fields), self.assertRaises(leadbook.ValidationError):
                history.add(**fields)
        with self.assertRaises(leadbook.ValidationError):
            history.add_many([{"subject": "Good", "links": [self.lead.id]},
                              {"subject": "Bad", "links": [self.lead.id + 1000]}])
        self.assertEqual(self.snapshot(), before)

    def test_bad_update_changes_nothing(self):
        meeting = self.book.history.add(kind="appointment", subject="Demo",
                                        links=[self.lead.id],
                                        start="2026-12-01T10:00:00Z",
                                        end="2026-12-01T11:00:00Z")
        with self.assertRaises(leadbook.ValidationError):
            self.book.history.update(meeting.id, version=meeting.version,
                                     end="2026-12-01T08:00:00Z")
        with self.assertRaises(leadbook.ValidationError):
            self.book.history.update(meeting.id, version=meeting.version,
                                     links=[self.lead.id + 1000])
        self.assertEqual(self.book.history.get(meeting.id), meeting)

    def test_deleting_a_record_takes_its_notes(self):
        note = self.book.history.add(subject="Only Jane", links=[self.lead.id])
        shared = self.book.history.add(subject="Both", links=[self.lead.id, self.other.id])
        self.book.leads.delete(self.lead.id)
        with self.assertRaises(leadbook.NotFound):
            self.book.history.get(note.id)
        self.assertEqual(self.book.history.get(shared.id).links, [self.other.id])


if __name__ == "__main__":
    unittest.main()
