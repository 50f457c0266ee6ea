# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The database of the trust tests: the modules (as scripts/demo.py
installs them) and a small data set: the unit, users and teams of the
`make run` demo (scripts/demo.py load_unit), its second department and the
national reader (load_second_unit, create_national_user), and the cases of
the demo as of commit 9b02d95, kept here so that the trust tests do not
change when the demo's cases grow.

    QLTT_DEMO_DB=db QLTT_DEMO_PASSWORD=pw TRYTOND_CONFIG=conf \
        TRYTONPASSFILE=admin-password python tests/trust/trust_data.py
"""
import datetime as dt
import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / 'scripts'))
from demo import (  # noqa: E402
    create_national_user, install_modules, load_second_cases,
    load_second_unit, load_unit, pool_kept, set_demo_password,
    speak_vietnamese)


def load_demo():
    from proteus import Model
    from proteus import config as pconfig

    from trytond.modules.qltt_cases.tests.tools import (
        create_officer, deliver_decision, legal_basis, serving_mode)

    serving_mode()
    with pool_kept():
        config = pconfig.set_trytond(
            database=os.environ['QLTT_DEMO_DB'],
            config_file=os.environ['TRYTOND_CONFIG'])
    today = dt.date.today()

    Subdivision = Model.get('country.subdivision')
    Force = Model.get('qltt.force')
    Party = Model.get('party.party')
    Case = Model.get('qltt.case')
    Tip = Model.get('qltt.tip')
    Commitment = Model.get('qltt.commitment')
    Employee = Model.get('company.employee')
    Seizure = Model.get('qltt.seizure')
    Payment = Model.get('qltt.fine.payment')
    Disposition = Model.get('qltt.disposition')
    Uom = Model.get('product.uom')
    Template = Model.get('product.template')

    # the unit, its staff and teams: as the demo makes them
    unit = load_unit(config, today)
    company, vi, wards = unit.company, unit.vi, unit.wards
    forces, officers, teams, head = (
        unit.forces, unit.officers, unit.teams, unit.head)

    parties = {}
    for name in [
            "Hộ kinh doanh Nguyễn Thị Thu", "Công ty TNHH Mỹ phẩm Hàn Việt",
            "Cửa hàng điện máy Kinh Bắc", "Hộ kinh doanh Trần Văn Tú",
            "Công ty CP Thương mại Đồng Nguyên", "Cơ quan Cảnh sát điều tra "
            "Công an tỉnh Bắc Ninh"]:
        parties[name] = Party(name=name)
        parties[name].save()

    def new_case(team, offender, kind, days_ago, basis, value, **extra):
        members = officers[team]
        case = Case(team=teams[team - 1], offender=parties[offender],
            offender_kind=kind, source=extra.pop('source', 'planned'),
            inspection_date=today - dt.timedelta(days=days_ago),
            area=Subdivision(wards[extra.pop('area')].id))
        case.inspectors.append(Employee(members[1].id))
        for key, value_ in extra.items():
            setattr(case, key, value_)
        if basis:
            violation = case.violations.new()
            violation.legal_basis = legal_basis(basis, config=config)
            violation.goods_value = Decimal(value)
        case.save()
        return case

    # Draft: planned inspection of a household business
    new_case(1, "Hộ kinh doanh Nguyễn Thị Thu", 'individual', 0, None, 0,
        area='VN-56-KB',
        description="Kiểm tra theo kế hoạch việc kinh doanh mỹ phẩm")
    keeper, _ = create_officer("Nguyễn Thị Kho", login='thukho',
        groups=["Market Surveillance Warehouse Keeper"], config=config)
    unit, = Uom.find([('name', '=', 'Unit')])

    def product(name):
        template = Template(name=name, type='goods', default_uom=unit)
        template.save()
        return template.products[0]
    cosmetics = product("Mỹ phẩm Hàn Quốc (kem dưỡng da)")
    bags = product("Túi xách giả nhãn hiệu")
    heaters = product("Bình nóng lạnh không rõ nguồn gốc")

    def seize(case, days_ago, lines):
        "Seize goods for case and hold them in the evidence warehouse"
        seizure = Seizure(case=case,
            seizure_date=today - dt.timedelta(days=days_ago),
            seals=f"NP-{case.number[-3:]}")
        for product_, quantity, category, value, brand in lines:
            seizure.lines.new(product=product_, quantity=quantity,
                category=category, unit_value=Decimal(value), brand=brand,
                weight=0.2 * quantity)
        seizure.save()
        seizure.click('hold')
        return seizure

    # Inspecting, with the police: smuggled cosmetics held in custody
    case = new_case(2, "Công ty TNHH Mỹ phẩm Hàn Việt", 'organisation', 2,
        'ND98-A15-K1-e', 45_000_000, area='VN-56-DN', source='adhoc')
    case.forces.append(Force(forces['CA'].id))
    case.save()
    case.click('start_inspection')
    seize(case, 2, [
            (cosmetics, 4150, 'smuggled', 95_000, None),
            (bags, 320, 'counterfeit', 150_000, "Louis Vuitton"),
            ])
    # Recorded: minutes made, decision due in the coming days
    case = new_case(1, "Cửa hàng điện máy Kinh Bắc", 'individual', 4,
        'ND98-A15-K1-c', 8_000_000, area='VN-56-VC')
    case.click('start_inspection')
    case.minutes_date = today - dt.timedelta(days=3)
    case.save()
    case.click('record')
    # its rice cookers, seized today, wait for the warehouse keeper to hold
    cookers = Seizure(case=case, seizure_date=today, seals="NP-KB-01")
    cookers.lines.new(product=product("Nồi cơm điện không rõ nguồn gốc"),
        quantity=25, category='unclear_origin', unit_value=Decimal(350_000),
        weight=50.0)
    cookers.save()
    # Decided by the team leader; the seized heaters are destroyed
    case = new_case(3, "Hộ kinh doanh Trần Văn Tú", 'individual', 6,
        'ND98-A09-K1-b', 4_000_000, area='VN-56-BG')
    case.click('start_inspection')
    seizure = seize(case, 5, [
            (heaters, 40, 'unclear_origin', 100_000, None)])
    case.minutes_date = today - dt.timedelta(days=5)
    case.decision_date = today - dt.timedelta(days=3)
    case.decision_signer = Employee(officers[3][0].id)
    case.save()
    case.click('record')
    # the decision confiscates the heaters (Law Art 26), then destroyed
    confiscation = case.measures.new(kind='sanction_confiscation',
        violation=case.violations[0])
    confiscation.goods.new(seizure_line=seizure.lines[0], quantity=40)
    case.save()
    case.click('decide')
    destruction = Disposition(case=case, kind='destroy',
        date=today - dt.timedelta(days=1), method='mechanical',
        place="Bãi xử lý chất thải Phong Khê")
    destruction.council.extend(Employee(e.id) for e in officers[3][:2])
    destruction.lines.new(seizure_line=seizure.lines[0], quantity=40)
    destruction.save()
    destruction.click('approve')
    destruction.click('do')
    # the offender received the decision in person (Law Art 70): the 10
    # days to pay run from it (Art 73(1)); they paid part of the fine
    deliver_decision(case, today - dt.timedelta(days=2), config=config)
    case.reload()
    payment = Payment(case=case, amount=Decimal(1_000_000), date=today,
        method='treasury', reference="KBNN-BN-0001")
    payment.save()
    payment.click('post')
    # Transferred to the investigators (signs of a crime)
    case = new_case(2, "Công ty CP Thương mại Đồng Nguyên", 'organisation', 20,
        'ND98-A15-K2-K1i', 3_900_000_000, area='VN-56-DN', source='adhoc')
    case.forces.append(Force(forces['CA'].id))
    case.click('start_inspection')
    case.investigation_agency = parties[
        "Cơ quan Cảnh sát điều tra Công an tỉnh Bắc Ninh"]
    case.transfer_date = today - dt.timedelta(days=19)
    case.decision_signer = Employee(head.id)
    case.save()
    case.click('transfer')

    # A tip from e-commerce monitoring, being verified
    tip = Tip(origin='ecommerce_monitoring', channel='ecommerce',
        platform="Shopee", url='https://shopee.vn/my-pham-xach-tay-bn',
        content="Tài khoản bán mỹ phẩm Hàn Quốc không rõ nguồn gốc",
        team=teams[1], area=Subdivision(wards['VN-56-TS'].id))
    tip.save()
    tip.click('verify')
    for i, name in enumerate(["Hộ kinh doanh Nguyễn Thị Thu",
            "Cửa hàng điện máy Kinh Bắc"]):
        Commitment(business=parties[name], team=teams[0],
            area=Subdivision(wards['VN-56-KB'].id),
            date=today - dt.timedelta(days=30 + i),
            officer=Employee(officers[1][1].id),
            content="Cam kết không kinh doanh hàng giả, hàng nhập lậu").save()
    # the second department and the national reader, as the demo makes them
    second = load_second_unit(config, today)
    load_second_cases(config, second, today)
    create_national_user(config, [company, second.company])
    speak_vietnamese(vi)
    set_demo_password(config, os.environ['QLTT_DEMO_PASSWORD'])
    print(f"Demo data loaded for {company.rec_name}")


if __name__ == '__main__':
    install_modules()
    load_demo()
