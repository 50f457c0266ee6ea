# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The 2022 demo dataset: the work of Bắc Ninh's market surveillance
department from 1 January to 30 November 2022, as its deputy head told it in
an interview (see docs/demo-2022.md).

Generated with random.Random(2022): the same command always gives the same
database.  Every record goes through the modules' own workflow (inspection,
minutes, decision or transfer, seizure held then disposed of, fine paid,
case closed); only the amounts are chosen so that the statistics of
1/1/2022-30/11/2022 give exactly FIGURES.

load_2022(config) expects the present-day demo of scripts/demo.py: the
unit, teams 01-03 with their officers, the forces and the wards.
"""
import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from proteus import Model

FROM_DATE, TO_DATE = dt.date(2022, 1, 1), dt.date(2022, 11, 30)

# The interview's figures and the exact values of the demo
FIGURES = {
    'cases_inspected': 230,                          # "230 vụ"
    'police_cases': 103,                             # "103 vụ" with police
    'police_fines': Decimal(2_486_500_000),          # "gần 2,5 tỷ"
    'police_goods': Decimal(6_342_800_000),          # "hơn 6,3 tỷ"
    'cases_transferred': 2,                          # "2 vụ việc"
    'transferred_goods': Decimal(9_948_350_000),     # "gần 10 tỷ"
    'money_total': Decimal(22_146_750_000),          # "hơn 22 tỷ"
    'commitments': 2804,                             # "2.804 cơ sở"
    }
NO_VIOLATION = 12           # inspected, nothing found
ECOMMERCE = 14              # online sellers among the other cases

# 25/7/2022: warehouse in Võ Cường ward (Bắc Ninh city), handed to the
# investigators; (product, category, brand, quantity, unit value, kg each)
RAID_VO_CUONG = [
    ("Mỹ phẩm Hàn Quốc các loại", 'smuggled', None, 12_000, 145_000, 0.15),
    ("Đồ chơi trẻ em Trung Quốc", 'smuggled', None, 10_604, 62_500, 0.35),
    ("Nước hoa Pháp các loại", 'smuggled', None, 8_500, 185_000, 0.2),
    ("Quần áo may sẵn nước ngoài", 'smuggled', None, 11_500, 48_000, 0.25),
    ("Túi xách nữ", 'counterfeit', "Chanel", 5_200, 120_000, 0.45),
    ("Túi xách nữ", 'counterfeit', "Gucci", 6_000, 95_000, 0.45),
    ("Ví da, thắt lưng", 'counterfeit', "Louis Vuitton", 4_800, 135_000, 0.15),
    ("Nước hoa", 'counterfeit', "Dior", 3_900, 110_000, 0.2),
    ("Giày thể thao", 'counterfeit', "Adidas", 7_300, 42_000, 0.3),
    ("Giày thể thao", 'counterfeit', "Nike", 7_000, 47_000, 0.3),
    ]
# 8/8/2022: warehouse in Đồng Nguyên ward (Từ Sơn), Korean cosmetics
RAID_DONG_NGUYEN = [
    ("Kem dưỡng da Hàn Quốc", 'smuggled', None, 15_000, 98_000, 0.1),
    ("Sữa rửa mặt Hàn Quốc", 'smuggled', None, 12_500, 72_000, 0.15),
    ("Serum dưỡng da Hàn Quốc", 'smuggled', None, 8_000, 125_000, 0.08),
    ("Son môi Hàn Quốc", 'smuggled', None, 6_000, 95_000, 0.03),
    ]
# 14/10/2022: counterfeit washing powder made in Từ Sơn, to investigators
WASHING_POWDER = [
    ("Bột giặt 3,8 kg", 'counterfeit', "OMO", 18_500, 85_000, 3.8),
    ("Bột giặt 3,8 kg", 'counterfeit', "Ariel", 12_000, 78_500, 3.8),
    ]

# The weekdays off of 2022 (Labour Code 2019 Art 112, with the days off
# in lieu announced for 2022), as shipped by qltt_cases: the demo checks them
HOLIDAYS_2022 = [
    ((2022, 1, 3), "Tết Dương lịch (nghỉ bù)"),
    ((2022, 1, 31), "Tết Nguyên đán"), ((2022, 2, 1), "Tết Nguyên đán"),
    ((2022, 2, 2), "Tết Nguyên đán"), ((2022, 2, 3), "Tết Nguyên đán"),
    ((2022, 2, 4), "Tết Nguyên đán"),
    ((2022, 4, 11), "Giỗ Tổ Hùng Vương (nghỉ bù)"),
    ((2022, 5, 2), "Ngày Chiến thắng (nghỉ bù)"),
    ((2022, 5, 3), "Quốc tế Lao động (nghỉ bù)"),
    ((2022, 9, 1), "Quốc khánh"), ((2022, 9, 2), "Quốc khánh"),
    ]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đinh"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Thu", "Hữu", "Ngọc",
    "Thanh", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hòa", "Hùng",
    "Hương", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân",
    "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến", "Khánh", "Thắng"]
SHOPS = ["Hộ kinh doanh", "Cửa hàng tạp hóa", "Cửa hàng mỹ phẩm",
    "Shop thời trang", "Cửa hàng giày dép", "Đại lý bánh kẹo"]
PLACES = ["Kinh Bắc", "Từ Sơn", "Đông Ngàn", "Phù Đổng", "Tiên Du", "Quế Võ",
    "Yên Phong", "Thuận Thành", "Gia Bình", "Lương Tài", "Đình Bảng",
    "Châu Khê", "Võ Cường", "Suối Hoa", "Hạp Lĩnh"]
TRADES = ["Thương mại", "Thương mại và Dịch vụ", "Xuất nhập khẩu",
    "Thương mại Tổng hợp", "Phân phối"]
# (product, seizure category) per category of act
PRODUCTS = {
    'smuggled': [("Thuốc lá điếu ngoại nhập lậu", 'smuggled'),
        ("Đường kính trắng Thái Lan", 'smuggled'),
        ("Mỹ phẩm ngoại nhập lậu", 'smuggled'),
        ("Quần áo may sẵn nhập lậu", 'smuggled'),
        ("Đồ chơi trẻ em nhập lậu", 'smuggled')],
    'counterfeit': [("Túi xách giả nhãn hiệu", 'counterfeit'),
        ("Giày thể thao giả nhãn hiệu", 'counterfeit'),
        ("Quần áo giả nhãn hiệu", 'counterfeit'),
        ("Đồng hồ đeo tay giả nhãn hiệu", 'counterfeit')],
    'label': [("Thực phẩm chức năng không nhãn mác", 'unclear_origin'),
        ("Phụ tùng xe máy không nhãn mác", 'unclear_origin'),
        ("Bánh kẹo không nhãn mác", 'unclear_origin')],
    }
BRANDS = ["Louis Vuitton", "Gucci", "Chanel", "Adidas", "Nike", "Rolex",
    "Hermès", "Burberry"]
# the acts used, by category: points of one article by goods value
ACTS = {
    'smuggled': 'ND98-A15-K1-',         # Decree 98/2020 Art 15(1)
    'counterfeit': 'ND98-A09-K1-',      # Decree 98/2020 Art 9(1)
    'label': 'ND119-A31-K4-',           # Decree 119/2017 Art 31(4)
    }
ECOMMERCE_ACT = 'ND98-A62-K3-a'         # Decree 98/2020 Art 62(3)(a)


def check(condition, what):
    """The plan's checks: raised, not asserted (scripts/demo.py runs
    with python -O)"""
    if not condition:
        raise ValueError(f"2022 plan: {what}")


def working_days(holidays):
    day, days = FROM_DATE, []
    while day <= TO_DATE:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def person(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def business(rng, kind):
    if kind == 'organisation':
        return (f"Công ty TNHH {rng.choice(TRADES)} {rng.choice(PLACES)} "
            f"{rng.choice(['', 'Xanh', 'Phát', 'Việt', 'Hưng Thịnh'])}"
            ).strip()
    return f"{rng.choice(SHOPS)} {person(rng)}"


class Planner:
    "The amounts of the cases, chosen so that the totals are exact"

    def __init__(self, rng, bases):
        self.rng = rng
        self.bases = bases      # code: legal basis record

    def fits(self, basis, value):
        "As qltt.case.violation.check_goods_value"
        low, high = basis.value_from, basis.value_to
        if basis.value_lower_exclusive:
            return ((low is None or value > low)
                and (high is None or value <= high))
        return ((low is None or value >= low)
            and (high is None or value < high))

    def basis(self, category, value):
        prefix = ACTS[category]
        for code, basis in sorted(self.bases.items()):
            if (code.startswith(prefix) and basis.fine_min is not None
                    and basis.value_from is not None
                    and self.fits(basis, value)):
                return basis
        raise ValueError(f"no act {prefix} for {value}")

    @staticmethod
    def bracket(basis, kind):
        "Decree 98/2020 Art 4(4): organisations pay twice"
        multiplier = 2 if kind == 'organisation' else 1
        return basis.fine_min * multiplier, basis.fine_max * multiplier

    def fines(self, cases, target):
        """Fines at the midpoint, then moved by one mitigating or one
        aggravating circumstance (Decree 118/2021 Art 9) until their sum is
        target"""
        for case in cases:
            low, high = self.bracket(case['basis'], case['kind'])
            case['range'] = (low, high)
            case['fine'] = ((low + high) / 2).quantize(Decimal(1))
        diff = target - sum(c['fine'] for c in cases)
        order = list(cases)
        self.rng.shuffle(order)
        step = Decimal(500_000)
        for case in order:
            if not diff:
                break
            low, high = case['range']
            room = (high - case['fine']) if diff > 0 else (case['fine'] - low)
            take = min(abs(diff), room)
            if take < abs(diff):
                take = (take // step) * step
            if not take:
                continue
            if diff > 0:
                case['fine'] += take
                case['aggravating'] = 1
                diff -= take
            else:
                case['fine'] -= take
                case['mitigating'] = 1
                diff += take
        if diff:
            raise ValueError(f"fines cannot reach {target}: {diff} left")

    def values(self, count, target, groups, step=100_000):
        """count goods values adding up to target, drawn in groups of
        (number, low, high)"""
        values = [Decimal(self.rng.randrange(low, high, step))
            for number, low, high in groups for _ in range(number)]
        check(len(values) == count, f"{len(values)} values, not {count}")
        # scale, then put the rounding left on the largest one
        total = sum(values)
        values = [(v * target / total / step).quantize(Decimal(1)) * step
            for v in values]
        largest = max(range(count), key=lambda i: values[i])
        values[largest] += target - sum(values)
        return values


def split_quantity(value):
    "A quantity and a whole unit value whose product is value"
    for quantity in [2000, 1500, 1200, 1000, 800, 600, 500, 400, 300, 250,
            200, 150, 120, 100, 80, 50, 40, 25, 20, 10, 5, 2, 1]:
        if value % quantity == 0 and 15_000 <= value / quantity <= 900_000:
            return quantity, value / quantity
    return 100, value / 100


def load_2022(config, report=print):
    """Load the department's work of 1/1-30/11/2022 into the demo database;
    report(what) after each step"""
    Loader(config, report).load()


class Loader:
    """The steps of the 2022 dataset, in the order they draw from the seeded
    random generator: set-up, the plan (cases, their goods and money), then
    the records made through the modules' workflow."""

    def __init__(self, config, report=print):
        self.config = config
        self.report = report
        self.rng = random.Random(2022)
        self.products = {}

    def load(self):
        self.set_up()
        self.plan_police_cases()
        self.plan_other_cases()
        self.plan_raids()
        self.plan_dates()
        self.plan_outcomes()
        self.plan_sugar()
        self.report("2022 plan ready")
        self.create_cases()
        self.report("2022 cases inspecting")
        self.hold_seizures()
        self.report("2022 seizures held")
        self.decide()
        self.report("2022 cases decided")
        self.dispose()
        self.report("2022 goods disposed of")
        self.collect_money()
        self.report("2022 money collected")
        self.dispose_after_period()
        self.report("2022 goods left in custody disposed of")
        self.sign_commitments()
        self.report("2022 commitments signed")
        self.restore_cards()
        self.report("2022 dataset loaded")

    # --- the unit as it was in 2022 -----------------------------------------
    def set_up(self):
        config = self.config
        Party = Model.get('party.party')
        Team = Model.get('qltt.team')
        Force = Model.get('qltt.force')
        Holiday = Model.get('qltt.holiday')
        Employee = Model.get('company.employee')
        Subdivision = Model.get('country.subdivision')
        LegalBasis = Model.get('qltt.legal.basis')
        Uom = Model.get('product.uom')
        User = Model.get('res.user')

        from trytond.modules.account.tests.tools import create_fiscalyear

        # the 2022 fiscal year with its monthly periods (fines are posted
        # receivables, payments and proceeds are posted moves)
        fiscalyear = create_fiscalyear(
            today=(dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
            config=config)
        fiscalyear.save()
        fiscalyear.click('create_period')

        # the days off of 2022 are shipped by qltt_cases (holiday_vn.xml):
        # the demo's dates are drawn from the same working days
        holidays = {h.date for h in Holiday.find([
                    ('date', '>=', FROM_DATE), ('date', '<=', TO_DATE),
                    ('kind', '!=', 'working')])}
        check({dt.date(*d) for d, _ in HOLIDAYS_2022} <= holidays,
            "the days off of 2022 are shipped")
        check(not Holiday.find([('date', '>=', FROM_DATE),
                ('date', '<=', TO_DATE), ('kind', '=', 'working')]),
            "no working day off in 2022")
        self.days = working_days(holidays)

        # Teams, officers, forces and wards of the present-day demo
        teams = {t.code: t for t in Team.find([])}
        self.teams = teams = [teams['01'], teams['02'], teams['03']]
        head, = User.find([('login', '=', 'lanhdao')])
        self.head = head.employee
        self.forces = {f.code: f for f in Force.find([])}
        self.wards = wards = {s.code: s for s in Subdivision.find(
                [('code', 'like', 'VN-56%')])}
        # In 2022 team 3 covered the south of the old province
        for code, name in [('VN-56-QV', "Phường Quế Võ"),
                ('VN-56-TT', "Phường Thuận Thành")]:
            ward = Subdivision(country=wards['VN-56'].country, name=name,
                code=code, type='ward', parent=wards['VN-56'])
            ward.save()
            wards[code] = ward
        self.areas = areas = {0: ['VN-56-KB', 'VN-56-VC'],
            1: ['VN-56-DN', 'VN-56-TS'], 2: ['VN-56-QV', 'VN-56-TT']}
        teams[2].areas.extend(Subdivision(wards[a].id) for a in areas[2])
        teams[2].save()
        self.members = [[m for m in t.members if m != t.leader]
            for t in teams]

        # The inspector cards of 2022: issued in 2020 for 5 years (Ordinance
        # on Market Surveillance Art 12); renewed in July 2025 (restored by
        # restore_cards)
        officers = Employee.find([('card_number', '!=', None)])
        self.renewed = {e.id: (e.card_issue_date, e.card_expiry_date)
            for e in officers}
        for employee in officers:
            employee.card_issue_date = dt.date(2020, 7, 15)
            employee.card_expiry_date = dt.date(2025, 7, 14)
        Employee.save(officers)

        self.bases = {b.code: b for b in LegalBasis.find([])}
        self.planner = Planner(self.rng, self.bases)

        self.unit, = Uom.find([('name', '=', 'Unit')])

        self.agency = Party(
            name="Cơ quan Cảnh sát điều tra Công an tỉnh Bắc Ninh")
        self.auction = Party(name="Công ty Đấu giá Hợp danh Bắc Ninh")
        Party.save([self.agency, self.auction])

    def create_products(self, names):
        "The products of names, in one call (each with its variant)"
        Template = Model.get('product.template')
        Product = Model.get('product.product')
        names = [n for n in dict.fromkeys(names) if n not in self.products]
        templates = self.create(Template, [{'name': n, 'type': 'goods',
                    'default_uom': self.unit.id,
                    'products': [('create', [{}])]} for n in names])
        products = Product.find(
            [('template', 'in', [t.id for t in templates])])
        by_template = {p.template.id: p for p in products}
        for name, template in zip(names, templates):
            self.products[name] = by_template[template.id]

    # --- the plan of the 230 cases ------------------------------------------
    def new_spec(self, kind=None, category=None, police=False,
            channel='physical'):
        rng = self.rng
        team = rng.choice([0, 0, 1, 1, 2])
        kind = kind or rng.choice(['individual'] * 3 + ['organisation'])
        return {
            'team': team, 'kind': kind, 'category': category,
            'area': rng.choice(self.areas[team]),
            'inspector': rng.choice(self.members[team]),
            'offender': business(rng, kind), 'police': police,
            'forces': ['CA'] if police else [], 'channel': channel,
            'mitigating': 0, 'aggravating': 0, 'state': 'decided',
            }

    def plan_police_cases(self):
        "103 cases with the police; goods mostly of 10-150 million"
        rng, planner, new_spec = self.rng, self.planner, self.new_spec
        self.police = police = [new_spec(police=True, kind='organisation'
                if rng.random() < 0.08 else 'individual',
                category=rng.choice(
                    ['smuggled'] * 5 + ['counterfeit'] * 3 + ['label'] * 2))
            for _ in range(FIGURES['police_cases'])]
        # a dozen warehouses of 150-500 million, shops of 5-45 million
        values = planner.values(len(police), FIGURES['police_goods'],
            [(12, 150_000_000, 500_000_000), (91, 5_000_000, 45_000_000)])
        for spec, value in zip(police, values):
            if spec['category'] == 'label' and value > 70_000_000:
                spec['category'] = 'smuggled'
            if (spec['category'] == 'counterfeit' and value >= 30_000_000
                    and spec['kind'] == 'organisation'):
                spec['kind'] = 'individual'
                spec['offender'] = business(rng, 'individual')
            spec['value'] = value
            spec['basis'] = planner.basis(spec['category'], value)
        planner.fines(police, FIGURES['police_fines'])

    def plan_other_cases(self):
        "Other cases handled alone or with customs, tax or health"
        rng, planner, bases = self.rng, self.planner, self.bases
        new_spec = self.new_spec
        self.others = others = []
        # (the 4 others: the two raids, the workshop and the sugar below)
        for i in range(FIGURES['cases_inspected'] - len(self.police) - 4
                - NO_VIOLATION):
            if i < ECOMMERCE:
                spec = new_spec(channel='ecommerce', category='ecommerce')
                spec['url'] = (f"https://www.facebook.com/shop.bacninh."
                    f"{rng.randrange(1000, 9999)}")
                spec['value'] = None
                spec['basis'] = bases[ECOMMERCE_ACT]
            else:
                spec = new_spec(category=rng.choice(
                        ['smuggled'] * 4 + ['counterfeit'] * 3
                        + ['label'] * 3))
                if rng.random() < 0.3:
                    spec['forces'] = [rng.choice(['HQ', 'THUE', 'YT'])]
                spec['value'] = Decimal(rng.randrange(
                        2_000_000, 60_000_000, 100_000))
                if (spec['category'] == 'counterfeit'
                        and spec['value'] > 30e6):
                    spec['kind'] = 'individual'
                spec['basis'] = planner.basis(
                    spec['category'], spec['value'])
            low, high = planner.bracket(spec['basis'], spec['kind'])
            spec['fine'] = ((low + high) / 2).quantize(Decimal(1))
            others.append(spec)
        self.nothing = nothing = []
        for _ in range(NO_VIOLATION):
            spec = new_spec()
            spec['state'] = 'no_violation'
            nothing.append(spec)

    def plan_raids(self):
        """The two raids and the washing powder workshop (customs and tax
        took part; the police investigators received the files)"""
        new_spec, members, bases = self.new_spec, self.members, self.bases
        self.vo_cuong = vo_cuong = new_spec(
            kind='organisation', category='smuggled')
        vo_cuong.update(team=0, area='VN-56-VC', forces=['HQ', 'THUE'],
            offender="Công ty TNHH Thương mại Xuất nhập khẩu Vạn Phúc "
            "Kinh Bắc",
            date=dt.date(2022, 7, 25), state='transferred',
            transfer_date=dt.date(2022, 7, 29), goods=RAID_VO_CUONG,
            address="Kho hàng số 8, đường Lý Anh Tông, phường Võ Cường",
            inspector=members[0][0])
        self.powder = powder = new_spec(
            kind='individual', category='counterfeit')
        powder.update(team=1, area='VN-56-TS', forces=['HQ'],
            offender="Cơ sở sản xuất Nguyễn Văn Khải",
            date=dt.date(2022, 10, 13),
            state='transferred', transfer_date=dt.date(2022, 10, 14),
            goods=WASHING_POWDER, inspector=members[1][0],
            address="Khu phố Trang Liệt, phường Đồng Nguyên")
        self.dong_nguyen = dong_nguyen = new_spec(
            kind='organisation', category='smuggled')
        dong_nguyen.update(team=1, area='VN-56-DN', forces=['HQ', 'THUE'],
            offender="Công ty CP Thương mại Đồng Nguyên",
            date=dt.date(2022, 8, 8), goods=RAID_DONG_NGUYEN, aggravating=1,
            inspector=members[1][1],
            address="Kho hàng khu phố Đa Hội, phường Đồng Nguyên")
        for spec in [vo_cuong, powder, dong_nguyen]:
            spec['value'] = sum((Decimal(q * u) for _, _, _, q, u, _ in
                    spec['goods']), Decimal(0))
        vo_cuong['violations'] = [
            ('ND98-A15-K1-i', sum(Decimal(q * u) for _, c, _, q, u, _ in
                    RAID_VO_CUONG if c == 'smuggled')),
            ('ND98-A09-K1-e', sum(Decimal(q * u) for _, c, _, q, u, _ in
                    RAID_VO_CUONG if c == 'counterfeit')),
            ]
        powder['violations'] = [('ND98-A10-K1-e', powder['value'])]
        dong_nguyen['basis'] = bases['ND98-A15-K1-i']
        dong_nguyen['fine'] = Decimal(95_000_000)
        check(vo_cuong['value'] + powder['value']
            == FIGURES['transferred_goods'], "the goods transferred")

    def plan_dates(self):
        """Inspections on working days (not around Tết), minutes the same
        day (Decree 118/2021 Art 12), decision 1-4 working days later, well
        within the 7 working days of Law Art 66(1) as amended in 2020"""
        rng, days, dong_nguyen = self.rng, self.days, self.dong_nguyen
        specs = (self.police + self.others + self.nothing
            + [self.vo_cuong, self.powder, dong_nguyen])
        inspection_days = [d for d in days if d <= dt.date(2022, 11, 18)
            and not (dt.date(2022, 1, 24) <= d <= dt.date(2022, 2, 8))]
        for spec in specs:
            if 'date' not in spec:
                spec['date'] = rng.choice(inspection_days)
            later = [d for d in days if d > spec['date']]
            spec['decision_date'] = later[rng.randrange(0, 4)]
            if spec is dong_nguyen:
                spec['decision_date'] = dt.date(2022, 8, 12)
            check((spec['decision_date'] - spec['date']).days <= 7,
                f"decided on {spec['decision_date']}")

    def signer(self, spec):
        """The team leader, or the head when the case is above the leader's
        authority, judged on the top of the bracket and doubled for
        organisations (Law Art 52; Decree 189/2025 Art 12)"""
        leader = self.teams[spec['team']].leader
        authority = leader.sanction_authority
        # the goods confiscated within the leader's authority: twice the
        # fine limit (Decree 189/2025 Art 12)
        goods = sum(Decimal(quantity) * Decimal(value)
            for _, _, _, quantity, value, _ in spec.get('goods', []))
        multiple = authority.confiscation_multiple
        codes = [c for c, _ in spec.get('violations', [])]
        if 'basis' in spec:
            codes.append(spec['basis'].code)
        for code in codes:
            basis = self.bases[code]
            if basis.fine_max is None:
                continue
            limit = (authority.limit_counterfeit
                if basis.field == 'counterfeit' else authority.limit_commerce)
            if spec['kind'] == 'organisation':
                limit *= 2
            if self.planner.bracket(basis, spec['kind'])[1] > limit:
                return self.head
            if multiple is not None and goods > limit * multiple:
                return self.head
        return leader

    # --- what happens to the goods and the fines ----------------------------
    def plan_outcomes(self):
        rng = self.rng
        police, others = self.police, self.others
        vo_cuong, powder = self.vo_cuong, self.powder
        dong_nguyen = self.dong_nguyen
        # goods seized on the spot in about half of the larger cases
        for spec in police + others:
            if spec['value'] and spec['value'] >= 15_000_000 and (
                    rng.random() < 0.45):
                name, category = rng.choice(PRODUCTS[spec['category']])
                quantity, unit_value = split_quantity(spec['value'])
                spec['goods'] = [(name, category,
                        rng.choice(BRANDS)
                        if spec['category'] == 'counterfeit' else None,
                        quantity, unit_value,
                        round(rng.uniform(0.1, 1.5), 2))]
        # confiscated goods destroyed by a council, smuggled ones often sold
        # at auction (Decree 29/2018 and Circular 57/2018)
        for spec in police + others:
            if 'goods' not in spec:
                continue
            date = spec['decision_date'] + dt.timedelta(
                days=rng.randrange(20, 45))
            if date > TO_DATE or rng.random() < 0.3:
                continue        # still in custody on 30 November
            spec['disposal_date'] = date
            if spec['category'] == 'smuggled' and rng.random() < 0.4:
                spec['disposal'] = 'sell'
                spec['sale_amount'] = (spec['value'] * Decimal(
                        rng.choice([55, 60, 65, 70, 75])) / 100 / 100_000
                    ).quantize(Decimal(1)) * 100_000
                spec['received_date'] = min(
                    date + dt.timedelta(days=rng.randrange(5, 15)), TO_DATE)
            else:
                spec['disposal'] = 'destroy'
        for spec in [vo_cuong, powder]:
            spec['disposal'] = 'investigators'
            spec['disposal_date'] = (
                spec['transfer_date'] + dt.timedelta(days=3))
        dong_nguyen.update(
            disposal='destroy', disposal_date=dt.date(2022, 9, 21))
        # most fines paid within the 10 days after the decision is received
        # (Law Art 73(1)), so without late surcharge (Law Art 78)
        for spec in police + others + [dong_nguyen]:
            spec['received'] = min(spec['decision_date']
                + dt.timedelta(days=rng.randrange(0, 3)), TO_DATE)
            paid = spec['received'] + dt.timedelta(days=rng.randrange(1, 9))
            if paid <= TO_DATE and rng.random() < 0.93:
                spec['paid'] = paid

    def plan_sugar(self):
        """The auction of smuggled Thai sugar: its price completes the money
        collected for the budget (fines, destruction, sales, transfers)"""
        vo_cuong, powder = self.vo_cuong, self.powder
        dong_nguyen = self.dong_nguyen
        sugar = self.new_spec(kind='organisation', category='smuggled')
        sugar.update(team=2, area='VN-56-QV', forces=['HQ'],
            offender="Công ty TNHH Thương mại Đông Á Quế Võ",
            date=dt.date(2022, 6, 14), decision_date=dt.date(2022, 6, 17),
            received=dt.date(2022, 6, 17), paid=dt.date(2022, 6, 24),
            basis=self.bases['ND98-A15-K1-i'], fine=Decimal(90_000_000),
            disposal='sell', disposal_date=dt.date(2022, 7, 20),
            received_date=dt.date(2022, 8, 5),
            inspector=self.members[2][0],
            address="Kho bãi Khu công nghiệp Quế Võ")
        self.others.append(sugar)

        def money(spec):
            "What the spec adds to the money collected for the budget"
            amount = spec['fine'] if spec.get('paid') else 0
            if spec.get('disposal') == 'sell':
                amount += spec['sale_amount']
            elif spec.get('disposal'):
                amount += spec['value']
            return amount
        sugar['sale_amount'] = 0
        rest = sum(money(s) for s in self.police + self.others + [
                vo_cuong, powder, dong_nguyen])
        sale = FIGURES['money_total'] - rest
        bags = int(sale * 5 / 4 / 1_150_000) + 1      # sold at about 80 %
        sugar['sale_amount'] = sale
        sugar['value'] = Decimal(bags * 1_150_000)
        sugar['goods'] = [("Đường kính trắng Thái Lan (bao 50 kg)",
                'smuggled', None, bags, 1_150_000, 50)]
        check(sugar['value'] >= 100_000_000 and sale > 0,
            f"the sugar sold for {sale}")
        self.specs = specs = (self.police + self.others + self.nothing
            + [vo_cuong, powder, dong_nguyen])
        check(len(specs) == FIGURES['cases_inspected'],
            f"{len(specs)} cases")

    # Records are created with one create call per model (no on_change
    # round trip per field): the server checks them as any other.
    def create(self, Model, values, numbered=False):
        "numbered: with the numbers of 2022 (VV-2022-..., the context date)"
        context = self.config.context
        if numbered:
            context['date'] = TO_DATE
        ids = Model._proxy.create(values, context)
        return [Model(i) for i in ids]

    def write(self, Model, groups):
        "groups: [(records, values), ...] in one call"
        args = []
        for records, values in groups:
            if records:
                args.extend(([r.id for r in records], values))
        if args:
            Model._proxy.write(*args, self.config.context)

    # --- cases, from draft to inspecting -------------------------------------
    def create_cases(self):
        Party = Model.get('party.party')
        Case = Model.get('qltt.case')
        rng, specs, bases = self.rng, self.specs, self.bases
        party_names = sorted({s['offender'] for s in specs})
        # (codes given: no sequence call per party)
        offenders = dict(zip(party_names, self.create(Party,
                    [{'name': n, 'code': f'VP22-{i:04d}'}
                        for i, n in enumerate(party_names, 1)])))
        values = []
        for spec in specs:
            violations = [{'legal_basis': bases[code].id,
                    'goods_value': value}
                for code, value in spec.get('violations', [])]
            if 'basis' in spec and spec['state'] != 'no_violation':
                violations.append({
                        'legal_basis': spec['basis'].id,
                        'goods_value': spec['value'],
                        'mitigating': spec['mitigating'],
                        'aggravating': spec['aggravating'],
                        'fine': spec['fine'],
                        })
            values.append({
                    'team': self.teams[spec['team']].id,
                    'offender': offenders[spec['offender']].id,
                    'offender_kind': spec['kind'],
                    'source': rng.choice(['planned', 'planned', 'adhoc'])
                    if spec['channel'] == 'physical' else 'adhoc',
                    'channel': spec['channel'],
                    'url': spec.get('url'),
                    'address': spec.get('address'),
                    'inspection_date': spec['date'],
                    'area': self.wards[spec['area']].id,
                    'inspectors': [('add', [spec['inspector'].id])],
                    'forces': [('add', [self.forces[c].id
                                for c in spec['forces']])],
                    'violations': [('create', violations)],
                    })
        cases = self.create(Case, values, numbered=True)
        for spec, case in zip(specs, cases):
            spec['case'] = case
        Case.click(cases, 'start_inspection')

    # --- goods seized on the spot (Law Art 125) ------------------------------
    def hold_seizures(self):
        Seizure = Model.get('qltt.seizure')
        config = self.config
        values, seized = [], []
        self.create_products(goods[0] for spec in self.specs
            for goods in spec.get('goods', []))
        for spec in self.specs:
            if 'goods' not in spec:
                continue
            values.append({
                    'case': spec['case'].id, 'seizure_date': spec['date'],
                    'seals': f"NP-2022-{len(values) + 1:03d}",
                    'lines': [('create', [{
                                    'product': self.products[name].id,
                                    'unit': self.unit.id,
                                    'quantity': quantity,
                                    'category': category,
                                    'unit_value': Decimal(value),
                                    'brand': brand,
                                    'weight': round(kg * quantity, 3),
                                    } for name, category, brand, quantity,
                                value, kg in spec['goods']])],
                    })
            seized.append(spec)
        seizures = self.create(Seizure, values, numbered=True)
        # the lines of every seizure read in one call: [(id, quantity)]
        lines = defaultdict(list)
        for line in Model.get('qltt.seizure.line')._proxy.search_read(
                [('seizure', 'in', [s.id for s in seizures])], 0, None,
                [('id', 'ASC')], ['seizure', 'quantity'],
                self.config.context):
            lines[line['seizure']].append((line['id'], line['quantity']))
        for spec, seizure in zip(seized, seizures):
            spec['seizure'] = seizure
            spec['seizure_lines'] = lines[seizure.id]
        # held within their term (Law Art 125(8)), as on a day of that term:
        # the fewest days that fall in every seizure's term
        ends = {s.id: s.term_end for s in Seizure.find(
                [('id', 'in', [s.id for s in seizures])])}
        pending = sorted(seized, key=lambda s: ends[s['seizure'].id])
        while pending:
            day = ends[pending[0]['seizure'].id]
            group = [s for s in pending if s['date'] <= day]
            pending = [s for s in pending if s['date'] > day]
            with config.set_context(date=day):
                # (proteus records keep the context they were read in)
                Seizure.click(Seizure.find([('id', 'in',
                                [s['seizure'].id for s in group])]), 'hold')

    # --- nothing found, transfers, minutes and decisions ---------------------
    def decide(self):
        Case = Model.get('qltt.case')
        write = self.write
        nothing, vo_cuong, powder = self.nothing, self.vo_cuong, self.powder
        self.decided = decided = [
            s for s in self.specs if s['state'] == 'decided']
        write(Case, [([s['case'] for s in nothing], {'no_violation_reason':
                        "Kiểm tra hóa đơn, chứng từ và hàng hóa: không phát "
                        "hiện vi phạm"})]
            # signs of a crime: the file goes to the investigators (Law
            # Art 62)
            + [([s['case']], {
                        'investigation_agency': self.agency.id,
                        'transfer_date': s['transfer_date'],
                        'decision_signer': self.head.id,
                        }) for s in [vo_cuong, powder]]
            + [([s['case']], {'minutes_date': s['date']}) for s in decided])
        Case.click([s['case'] for s in nothing], 'find_no_violation')
        Case.click([vo_cuong['case'], powder['case']], 'transfer')
        decided_cases = [s['case'] for s in decided]
        Case.click(decided_cases, 'record')
        self.confiscate(decided)
        write(Case, [([s['case']], {
                        'decision_date': s['decision_date'],
                        'decision_signer': self.signer(s).id,
                        }) for s in decided])
        # the goods of some reach a criminal threshold: the team kept them
        # (Law Art 62; qltt_cases/criminal.py)
        signs = Case._proxy.read([c.id for c in decided_cases],
            ['criminal_signs'], self.config.context)
        write(Case, [([Case(r['id'])], {
                        'criminal_confirmed': True,
                        'criminal_reason': "Cơ quan điều tra không thụ lý; "
                        "xử phạt vi phạm hành chính",
                        }) for r in signs if r['criminal_signs']])
        Case.click(decided_cases, 'decide')
        # each decision handed over in person the day it is received (Law
        # Art 70): the 10 days to pay run from it (Law Art 73(1))
        Delivery = Model.get('qltt.case.delivery')
        deliveries = self.create(Delivery, [{
                    'case': s['case'].id, 'method': 'in_person',
                    'sent_date': s['received'],
                    'received_date': s['received'],
                    } for s in decided])
        Delivery.click(deliveries, 'deliver')

    def confiscate(self, decided):
        """The decisions confiscate all the goods seized (Law Art 26; the
        acts of the demo provide it): their dispositions follow them"""
        Measure = Model.get('qltt.case.measure')
        Violation = Model.get('qltt.case.violation')
        seized = [s for s in decided if 'seizure' in s]
        violations = {}
        for violation in Violation._proxy.search_read(
                [('case', 'in', [s['case'].id for s in seized])], 0, None,
                [('id', 'ASC')], ['case'], self.config.context):
            violations.setdefault(violation['case'], violation['id'])
        self.create(Measure, [{
                    'case': s['case'].id,
                    'violation': violations[s['case'].id],
                    'kind': 'sanction_confiscation',
                    'goods': [('create', [{
                                    'seizure_line': line,
                                    'quantity': quantity,
                                    } for line, quantity in s['seizure_lines']
                                ])],
                    } for s in seized])

    # --- dispositions approved, then done ------------------------------------
    def dispose(self, specs=None, rng=None):
        Disposition = Model.get('qltt.disposition')
        rng = rng or self.rng
        values, disposed = [], []
        for spec in (self.specs if specs is None else specs):
            if not spec.get('disposal'):
                continue
            value = {
                'case': spec['case'].id, 'kind': spec['disposal'],
                'date': spec['disposal_date'],
                'lines': [('create', [{
                                'seizure_line': line,
                                'quantity': quantity,
                                } for line, quantity in spec['seizure_lines']
                            ])],
                }
            if spec['disposal'] == 'destroy':
                value.update(method=rng.choice(['mechanical', 'burning']),
                    place="Khu xử lý chất thải rắn Phong Khê",
                    council=[('add', [self.head.id,
                                self.teams[spec['team']].leader.id])])
            elif spec['disposal'] == 'sell':
                value.update(
                    buyer=self.auction.id, sale_amount=spec['sale_amount'])
            else:
                value.update(recipient=self.agency.id)
            values.append(value)
            disposed.append(spec)
        dispositions = self.create(Disposition, values, numbered=True)
        for spec, disposition in zip(disposed, dispositions):
            spec['disposition'] = disposition
        Disposition.click(dispositions, 'approve')
        Disposition.click(dispositions, 'do')

    # --- money: fines paid, sale proceeds received ---------------------------
    def collect_money(self):
        Case = Model.get('qltt.case')
        Payment = Model.get('qltt.fine.payment')
        decided = self.decided
        payments = self.create(Payment, [{
                    'case': s['case'].id, 'amount': s['fine'],
                    'date': s['paid'], 'method': 'treasury',
                    'reference': f"KBNN-BN-2022-{number:04d}",
                    } for number, s in enumerate(
                    (s for s in decided if s.get('paid')), 1)])
        Payment.click(payments, 'post')
        self.collect_proceeds(
            [s for s in self.specs if s.get('disposal') == 'sell'])
        # cases whose fine is paid and goods disposed of are done
        Case.click([s['case'] for s in decided if s.get('paid')
                and ('goods' not in s or s.get('disposal'))], 'close')

    def collect_proceeds(self, sales):
        "The price of the goods sold, received by the treasury"
        Proceeds = Model.get('qltt.proceeds')
        proceeds = []
        for spec in sales:
            record, = Proceeds.find([('origin', '=',
                        f'qltt.disposition,{spec["disposition"].id}')])
            proceeds.append(record)
        Proceeds.click(proceeds, 'post')
        first = len(Proceeds.find([('reference', 'like', 'KBNN-TG-%')])) + 1
        self.write(Proceeds, [([r], {
                        'received_date': s['received_date'],
                        'reference': f"KBNN-TG-2022-{i:03d}",
                        }) for i, (r, s) in enumerate(
                    zip(proceeds, sales), first)])
        Proceeds.click(proceeds, 'receive')

    # --- the goods still in custody on 30 November, disposed of later -----
    def dispose_after_period(self):
        """The goods still held on 30/11/2022 were disposed of in the
        following weeks as their decisions ordered (confiscated: destroyed,
        smuggled goods partly sold at auction; Decree 29/2018 and Circular
        57/2018): the 2022 seizures are no longer in custody today, and
        the figures of 1/1-30/11/2022 do not change (everything is dated
        after 30 November).  Its own random generator: the steps after this
        one draw the same values as before."""
        rng = random.Random(2023)
        pending = [s for s in self.specs
            if 'seizure' in s and not s.get('disposal')]
        for spec in pending:
            # in December: the 2022 fiscal year books the sale proceeds
            spec['disposal_date'] = TO_DATE + dt.timedelta(
                days=rng.randrange(1, 21))
            if spec['category'] == 'smuggled' and rng.random() < 0.4:
                spec['disposal'] = 'sell'
                spec['sale_amount'] = (spec['value'] * Decimal(
                        rng.choice([55, 60, 65, 70])) / 100 / 100_000
                    ).quantize(Decimal(1)) * 100_000
                spec['received_date'] = min(dt.date(2022, 12, 31),
                    spec['disposal_date'] + dt.timedelta(
                        days=rng.randrange(5, 15)))
            else:
                spec['disposal'] = 'destroy'
        self.dispose(pending, rng)
        self.collect_proceeds(
            [s for s in pending if s['disposal'] == 'sell'])
        Case = Model.get('qltt.case')
        Case.click([s['case'] for s in pending if s.get('paid')], 'close')

    # --- 2,804 businesses signed a commitment --------------------------------
    def sign_commitments(self):
        Party = Model.get('party.party')
        Commitment = Model.get('qltt.commitment')
        rng = self.rng
        count = FIGURES['commitments']
        businesses = self.create(Party, [{'name': business(rng, rng.choice(
                            ['individual'] * 5 + ['organisation'])),
                    'code': f'CK22-{i:04d}'} for i in range(1, count + 1)])
        values = []
        for party in businesses:
            team = rng.randrange(3)
            values.append({
                    'business': party.id, 'team': self.teams[team].id,
                    'area': self.wards[rng.choice(self.areas[team])].id,
                    'date': rng.choice(self.days),
                    'officer': rng.choice(self.members[team]).id,
                    'content': "Cam kết không sản xuất, kinh doanh hàng "
                    "giả, hàng nhập lậu, hàng kém chất lượng, hàng không rõ "
                    "nguồn gốc xuất xứ",
                    })
        self.create(Commitment, values)

    def restore_cards(self):
        "The cards renewed in July 2025"
        Employee = Model.get('company.employee')
        officers = Employee.find([('id', 'in', list(self.renewed))])
        for employee in officers:
            (employee.card_issue_date,
                employee.card_expiry_date) = self.renewed[employee.id]
        Employee.save(officers)
