"""Opportunities and their money, sales stages, and user-defined fields."""

import decimal
import os
import tempfile
import unittest

import leadbook
from leadbook._activities import money_text

Decimal = decimal.Decimal


class BookTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.book = leadbook.open(os.path.join(self.tmp.name, "deals.db"))
        self.addCleanup(self.book.close)
        self.lead = self.book.leads.add(full_name="Jane Doe")


class OpportunityTest(BookTestCase):
    def snapshot(self):
        return [deal.to_dict() for deal in self.book.opportunities.find()]

    def test_add_with_line_items(self):
        deal = self.book.opportunities.add(
            title="Seats", linked_to=self.lead.id,
            items=[{"item": "Seat", "quantity": 3, "unit_price": "19.99", "discount": 12.5}])
        self.assertIsInstance(self.book.opportunities, leadbook.OpportunityCollection)
        # Money reads as Decimal, exactly the library's decimal text.
        self.assertEqual(deal.items[0].unit_price, Decimal("19.99"))
        self.assertIsInstance(deal.items[0].unit_price, Decimal)
        # 3 x 19.99 = 59.97, less 12.5 % = 52.47375, to the cent.
        self.assertEqual(deal.items[0].total, Decimal("52.47"))
        self.assertEqual(str(deal.total), "52.47")
        self.assertEqual(deal.to_dict()["total"], "52.47")
        self.assertEqual(deal.stage, self.book.stages.find(order_by="position", limit=1)
                         .__next__().name)
        self.assertEqual(self.book.opportunities.get(deal.id), deal)

    def test_money_as_decimal_int_and_str(self):
        deal = self.book.opportunities.add(
            title="Mixed", linked_to=self.lead.id,
            items=[{"item": "A", "quantity": 2, "unit_price": Decimal("10.50")},
                   {"item": "B", "quantity": 1, "unit_price": 7},
                   {"item": "C", "quantity": 1, "unit_price": "0.01"},
                   {"item": "D", "quantity": 1, "unit_price": Decimal("1E+1"),
                    "discount": Decimal("2.5")}])
        self.assertEqual([str(i.unit_price) for i in deal.items],
                         ["10.50", "7.00", "0.01", "10.00"])
        self.assertEqual(deal.items[3].total, Decimal("9.75"))
        self.assertEqual(Decimal(deal.total), Decimal("21.00") + 7 + Decimal("0.01")
                         + Decimal("9.75"))

    def test_money_text(self):
        self.assertEqual(money_text(Decimal("19.990")), "19.99")
        self.assertEqual(money_text(Decimal("-5")), "-5.00")
        self.assertEqual(money_text(1200), "1200")
        self.assertEqual(money_text("12.5"), "12.5")
        with self.assertRaises(TypeError) as caught:
            money_text(19.99)
        self.assertIn("float", str(caught.exception))
        with self.assertRaises(TypeError):
            money_text(True)
        with self.assertRaises(TypeError):
            money_text(None)
        for bad in (Decimal("19.999"), Decimal("NaN"), Decimal("Infinity")):
            with self.subTest(bad=bad), self.assertRaises(leadbook.ValidationError):
                money_text(bad)

    def test_records_read_back_can_be_written_again(self):
        deal = self.book.opportunities.add(
            title="Seats", linked_to=self.lead.id,
            items=[{"item": "Seat", "quantity": 3, "unit_price": "19.99"}])
        more = self.book.opportunities.update(
            deal.id, version=deal.version,
            items=deal.items + [{"item": "Desk", "quantity": 1, "unit_price": Decimal("100")}])
        self.assertEqual(more.total, Decimal("159.97"))
        copy_ids = self.book.opportunities.add_many([more])
        self.assertEqual(self.book.opportunities.get(copy_ids[0]).total, Decimal("159.97"))
        # Amounts read back (Decimals) go in again as they are.
        again = self.book.opportunities.add(
            title="Again", items=[{"item": i.item, "quantity": i.quantity,
                                   "unit_price": i.unit_price} for i in more.items])
        self.assertEqual(again.total, Decimal("159.97"))

    def test_find_linked_to(self):
        other = self.book.leads.add(full_name="John Roe")
        mine = self.book.opportunities.add(title="Mine", linked_to=self.lead.id)
        self.book.opportunities.add(title="His", linked_to=other.id)
        self.assertEqual([d.id for d in self.book.opportunities.find(linked_to=self.lead.id)],
                         [mine.id])
        self.assertEqual(self.book.opportunities.count(linked_to=other.id), 1)
        # Deleting the record takes its opportunities.
        self.book.leads.delete(self.lead.id)
        self.assertEqual(self.book.opportunities.count(), 1)

    def test_bad_opportunities_store_nothing(self):
        self.book.opportunities.add(title="Existing", linked_to=self.lead.id)
        before = self.snapshot()
        item = {"item": "Seat", "quantity": 1, "unit_price": "19.99"}
        with self.assertRaises(TypeError) as caught:
            self.book.opportunities.add(title="Float", linked_to=self.lead.id,
                                        items=[{**item, "unit_price": 19.99}])
        self.assertIn("items[0].unit_price", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.opportunities.add(title="Negative", linked_to=self.lead.id,
                                        items=[{**item, "quantity": -3}])
        self.assertIn("quantity", str(caught.exception))
        bad = [
            dict(title="Cents", items=[{**item, "unit_price": Decimal("1.001")}]),
            dict(title="Text", items=[{**item, "unit_price": "about ten"}]),
            dict(title="Text", items=[{**item, "unit_price": "1.001"}]),
            dict(title="Discount", items=[{**item, "discount": 120}]),
            dict(title=" "),
            dict(title="Nowhere", linked_to=self.lead.id + 1000),
            dict(title="Stage", stage="daydreaming"),
        ]
        for fields in bad:
            with self.subTest(fields=fields), self.assertRaises(leadbook.ValidationError):
                self.book.opportunities.add(**fields)
        with self.assertRaises(TypeError):
            self.book.opportunities.add(title="Items", items="Seat")
        with self.assertRaises(TypeError):
            self.book.opportunities.add_many([{"title": "Good"},
                                              {"title": "Float", "items": [
                                                  {**item, "unit_price": 1.5}]}])
        deal = self.book.opportunities.find().__next__()
        with self.assertRaises(TypeError):
            self.book.opportunities.update(deal.id, version=deal.version,
                                           items=[{**item, "unit_price": 2.5}])
        self.assertEqual(self.snapshot(), before)

    def test_stage_sets_probability(self):
        stages = self.book.stages
        names = [s.name for s in stages.find(order_by="position")]
        self.assertGreater(len(names), 2)
        stage = stages.add(name="pilot running", probability=60, position=len(names))
        deal = self.book.opportunities.add(title="Pilot", linked_to=self.lead.id,
                                           stage="pilot running")
        self.assertEqual(deal.probability, 60)
        stages.update(stage.id, version=stage.version, probability=70)
        self.assertEqual(self.book.opportunities.get(deal.id).probability, 70)
        with self.assertRaises(leadbook.ValidationError):
            stages.delete(stage.id)  # in use
        self.assertEqual(stages.get(stage.id).probability, 70)
        with self.assertRaises(leadbook.ValidationError):
            stages.add(name="bad", probability=101)


class FieldTest(BookTestCase):
    def test_define_pick_list(self):
        fields = self.book.fields
        self.assertIsInstance(fields, leadbook.FieldCollection)
        tier = fields.define(record_type="lead", name="tier", type="pick_list",
                             choices=["gold", "silver"])
        self.assertEqual((tier.record_type, tier.name, tier.type, tier.choices),
                         ("lead", "tier", "pick_list", ["gold", "silver"]))
        self.assertEqual(fields.get(tier.id), tier)
        lead = self.book.leads.add(full_name="Gold Lead", custom={"tier": "gold"})
        self.assertEqual(lead.custom.tier, "gold")
        before = [l.to_dict() for l in self.book.leads.find()]
        with self.assertRaises(leadbook.ValidationError) as caught:
            self.book.leads.add(full_name="Bronze Lead", custom={"tier": "bronze"})
        self.assertIn("tier", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError):
            self.book.leads.update(lead.id, version=lead.version, custom={"tier": "bronze"})
        self.assertEqual([l.to_dict() for l in self.book.leads.find()], before)

    def test_define_other_types(self):
        size = self.book.fields.define("account", "employees", "number")
        self.assertEqual(size.type, "number")
        note = self.book.fields.define("lead", "nickname")
        self.assertEqual(note.type, "text")
        self.assertEqual(self.book.fields.count(record_type="lead"), 1)
        with self.assertRaises(leadbook.ValidationError):
            self.book.accounts.add(name="Acme", custom={"employees": "many"})

    def test_bad_definitions(self):
        self.book.fields.define("lead", "tier", "pick_list", choices=["gold"])
        before = [f.to_dict() for f in self.book.fields.find()]
        bad = [
            dict(record_type="spaceship", name="x"),
            dict(record_type="lead", name="x", type="colour"),
            dict(record_type="lead", name=" "),
            dict(record_type="lead", name="size", type="text", choices=["small"]),
            dict(record_type="lead", name="size", type="pick_list", choices=[]),
        ]
        for arguments in bad:
            with self.subTest(arguments=arguments), \
                    self.assertRaises(leadbook.ValidationError):
                self.book.fields.define(**arguments)
        with self.assertRaises(leadbook.Conflict):  # defined already
            self.book.fields.define("lead", "tier")
        with self.assertRaises(TypeError):
            self.book.fields.define("lead", "size", "pick_list", choices="small")
        self.assertEqual([f.to_dict() for f in self.book.fields.find()], before)


if __name__ == "__main__":
    unittest.main()
