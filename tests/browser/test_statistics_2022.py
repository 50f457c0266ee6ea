"""The 2022 demo dataset reproduces the figures of the deputy head's
interview on the department's first 11 months of 2022 (docs/demo-2022.md)
in the statistics of 1/1/2022-30/11/2022: read over XML-RPC from the served
demo database, from the XLSX workbook read back with openpyxl, and shown in
the web client to the department leader (screenshot
docs/screenshots/statistics-2022.png).
"""
import io
import re
import shutil
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from saoui import (
    TAB, choose_any_period, fill_date, submit_login, wait_idle)

pytestmark = pytest.mark.skipif(not Path('/usr/bin/chromium').exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium)")

ROOT = Path(__file__).resolve().parents[2]
PERIOD = {'from_date': '2022-01-01', 'to_date': '2022-11-30'}

# The interview's figures and the exact values chosen for the demo
CASES_INSPECTED = 230                       # "kiểm tra, xử lý 230 vụ"
POLICE_CASES = 103                          # "phối hợp với công an ... 103 vụ"
POLICE_FINES = Decimal(2_486_500_000)       # "phạt hành chính gần 2,5 tỷ"
POLICE_GOODS = Decimal(6_342_800_000)       # "hàng hóa vi phạm hơn 6,3 tỷ"
TRANSFERRED = 2                     # "bàn giao cho cơ quan điều tra 2 vụ"
TRANSFERRED_GOODS = Decimal(9_948_350_000)  # "gần 10 tỷ"
MONEY_TOTAL = Decimal(22_146_750_000)       # "tổng tiền thu ... hơn 22 tỷ"
COMMITMENTS = 2804                          # "2.804 cơ sở ... ký cam kết"
# 25/7/2022, Võ Cường: 76.804 products, 42.604 smuggled, 34.200
# counterfeit of many brands, over 20 tonnes, over 7,4 billion
VO_CUONG = "Công ty TNHH Thương mại Xuất nhập khẩu Vạn Phúc Kinh Bắc"
# 8/8/2022, Đồng Nguyên: 41.500 smuggled Korean cosmetics, over 3,9 billion
DONG_NGUYEN = "Công ty CP Thương mại Đồng Nguyên"

MONEY = ['fines_collected', 'proceeds_collected', 'goods_destroyed_value',
    'goods_transferred_value']


@pytest.fixture(scope='module')
def rpc(demo_server):
    "proteus over XML-RPC as the demo admin"
    from proteus import config
    url = demo_server.url.replace('http://', 'http://{}:{}@'.format(
            demo_server.login, quote(demo_server.password, safe='')))
    return config.set_xmlrpc(f'{url}{demo_server.database}/rpc/')


def totals(rpc, names, **context):
    """Sum of the measures names over the rows of the statistics for
    context (one search_read call: the table is a query)"""
    from proteus import Model
    Statistics = Model.get('qltt.report.statistics', config=rpc)
    rows = Statistics._proxy.search_read(
        [], 0, None, None, names, dict(rpc.context, **context))
    return {n: sum((r[n] or 0 for r in rows), 0) for n in names}


def test_statistics_2022(rpc):
    from proteus import Model
    Force = Model.get('qltt.force', config=rpc)
    police, = Force.find([('kind', '=', 'police')])

    figures = totals(rpc, ['cases_inspected', 'cases_transferred',
            'transferred_goods_value', 'commitments', 'money_total'] + MONEY,
        **PERIOD)
    assert figures['cases_inspected'] == CASES_INSPECTED
    assert figures['cases_transferred'] == TRANSFERRED
    assert figures['transferred_goods_value'] == TRANSFERRED_GOODS
    assert figures['commitments'] == COMMITMENTS
    assert figures['money_total'] == MONEY_TOTAL
    assert sum(figures[n] for n in MONEY) == MONEY_TOTAL

    figures = totals(rpc, ['cases_inspected', 'cases_with_force',
            'fines_decided', 'goods_value'], force=police.id, **PERIOD)
    assert figures == {
        'cases_inspected': POLICE_CASES,
        'cases_with_force': POLICE_CASES,
        'fines_decided': POLICE_FINES,
        'goods_value': POLICE_GOODS,
        }

    # nothing of December 2022 or of the present-day demo is counted
    figures = totals(rpc, ['cases_inspected'],
        from_date='2021-01-01', to_date='2022-12-31')
    assert figures['cases_inspected'] == CASES_INSPECTED


def raid(rpc, offender):
    """(quantity by category, weight, value, brands, dates, areas) of the
    goods seized from offender (a few search_read/read calls)"""
    from proteus import Model

    def read(model, ids, names):
        return Model.get(model, config=rpc)._proxy.read(
            list(ids), names, rpc.context)
    lines = Model.get('qltt.seizure.line', config=rpc)._proxy.search_read(
        [('seizure.case.offender.name', '=', offender)], 0, None, None,
        ['category', 'quantity', 'weight', 'value', 'brand', 'seizure'],
        rpc.context)
    seizures = read('qltt.seizure', {l['seizure'] for l in lines},
        ['seizure_date', 'case'])
    cases = read('qltt.case', {s['case'] for s in seizures}, ['area'])
    areas = read('country.subdivision', {c['area'] for c in cases}, ['name'])
    quantities = {}
    for line in lines:
        quantities[line['category']] = (
            quantities.get(line['category'], 0) + int(line['quantity']))
    return (quantities, sum(l['weight'] for l in lines),
        sum(l['value'] for l in lines), {l['brand'] for l in lines
            if l['brand']},
        {s['seizure_date'].isoformat() for s in seizures},
        {a['name'] for a in areas})


def test_raids_2022(rpc):
    quantities, weight, value, brands, dates, areas = raid(rpc, VO_CUONG)
    assert quantities == {'smuggled': 42_604, 'counterfeit': 34_200}
    assert sum(quantities.values()) == 76_804
    assert weight > 20_000                      # kg: over 20 tonnes
    assert Decimal(7_400_000_000) < value < Decimal(7_500_000_000)
    assert len(brands) >= 5                     # many brands
    assert dates == {'2022-07-25'} and areas == {"Phường Võ Cường"}

    quantities, weight, value, brands, dates, areas = raid(rpc, DONG_NGUYEN)
    assert quantities == {'smuggled': 41_500}
    assert Decimal(3_900_000_000) < value < Decimal(4_000_000_000)
    assert dates == {'2022-08-08'} and areas == {"Phường Đồng Nguyên"}


def workbook(rpc, **context):
    import openpyxl
    from proteus import Report
    report = Report('qltt.report.statistics.xlsx', config=rpc)
    ext, data, _, name = report.execute([], dict(PERIOD, **context))
    assert ext == 'xlsx'
    assert name == 'thong-ke-20220101-20221130'
    if not isinstance(data, bytes):
        data = data.data        # xmlrpc.client.Binary
    return openpyxl.load_workbook(io.BytesIO(data))


def summary(rpc, sheet):
    """{field name: (values of the rows, formula of the total)} of the
    summary sheet, its columns found by the fields' (translated) strings"""
    from proteus import Model
    Statistics = Model.get('qltt.report.statistics', config=rpc)
    header = 4      # title, period, blank, then the headings
    headings = [c.value for c in sheet[header]]
    rows = list(sheet.iter_rows(min_row=header + 1, values_only=True))
    assert rows[-1][0] and not isinstance(rows[-1][2], (int, float))
    data, total = rows[:-1], rows[-1]
    result = {}
    for name, field in Statistics._fields.items():
        if (field['type'] in {'integer', 'numeric'}
                and field['string'] in headings):
            col = headings.index(field['string'])
            result[name] = ([r[col] or 0 for r in data], total[col])
    return result, header + 1, header + len(data)


def check_total(column, first, last):
    "The total is the formula adding up the rows of its column"
    values, formula = column
    match = re.fullmatch(r'=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)', formula)
    assert match, formula
    assert match[1] == match[3]
    assert (int(match[2]), int(match[4])) == (first, last), formula
    return sum(values)


def test_workbook_2022(rpc):
    from proteus import Model
    Force = Model.get('qltt.force', config=rpc)
    police, = Force.find([('kind', '=', 'police')])

    book = workbook(rpc)
    columns, first, last = summary(rpc, book.worksheets[0])
    total = {n: check_total(c, first, last) for n, c in columns.items()}
    assert total['cases_inspected'] == CASES_INSPECTED
    assert total['cases_transferred'] == TRANSFERRED
    assert total['transferred_goods_value'] == TRANSFERRED_GOODS
    assert total['commitments'] == COMMITMENTS
    assert sum(total[n] for n in MONEY) == MONEY_TOTAL
    # the cases sheet lists the 230 cases
    cases = book.worksheets[1]
    assert cases.max_row - 4 - 1 == CASES_INSPECTED     # headings, total
    # the goods sheet has the raid of 25/7/2022, line by line
    goods = book.worksheets[2]
    raid_rows = [r for r in goods.iter_rows(min_row=5, values_only=True)
        if r[2] is not None and not isinstance(r[2], str)
        and r[2].date().isoformat() == '2022-07-25']
    assert sum(r[6] for r in raid_rows) == 76_804
    assert Decimal(7_400_000_000) < sum(r[7] for r in raid_rows) < Decimal(
        7_500_000_000)
    assert sum(r[8] for r in raid_rows) > 20_000

    book = workbook(rpc, force=police.id)
    columns, first, last = summary(rpc, book.worksheets[0])
    total = {n: check_total(c, first, last) for n, c in columns.items()}
    assert total['cases_inspected'] == POLICE_CASES
    assert total['cases_with_force'] == POLICE_CASES
    assert total['fines_decided'] == POLICE_FINES
    assert total['goods_value'] == POLICE_GOODS


def test_form_2022(rpc):
    "The minutes MBB01 of a 2022 case print with its number and offender"
    import shutil
    import subprocess
    import unicodedata
    import zipfile
    from proteus import Model, Report
    Document = Model.get('qltt.case.document', config=rpc)
    document, = Document.find([
            ('type.code', '=', 'MBB01'),
            ('case.offender.name', '=', DONG_NGUYEN)])
    report = Report('qltt_cases.form_mbb01', config=rpc)
    ext, data, _, _ = report.execute([document])
    if not isinstance(data, bytes):
        data = data.data
    # PDF when the server has LibreOffice (qltt_cases/report.py)
    if shutil.which('soffice'):
        assert ext == 'pdf'
        content = subprocess.run(['pdftotext', '-', '-'], input=data,
            stdout=subprocess.PIPE, check=True).stdout.decode()
        content = ' '.join(unicodedata.normalize('NFC', content).split())
    else:
        assert ext == 'odt'
        content = zipfile.ZipFile(io.BytesIO(data)).read(
            'content.xml').decode()
    assert document.number in content
    assert DONG_NGUYEN in content
    assert '08/08/2022' in content or '8 tháng 8 năm 2022' in content


# --- the web client ----------------------------------------------------------

def wait_for_sums(page, sums, figure, timeout=30):
    "Wait until figure is among the sums, never pressing reload"
    deadline = time.monotonic() + timeout
    while figure not in sums():
        assert time.monotonic() < deadline, sums()
        page.wait_for_timeout(500)
        wait_idle(page)


def test_statistics_2022_web(page, demo_server, shot, rpc):
    from proteus import Model
    User = Model.get('res.user', config=rpc)
    Lang = Model.get('ir.lang', config=rpc)
    leader, = User.find([('login', '=', 'lanhdao')])
    if not leader.language or leader.language.code != 'vi':
        leader.language, = Lang.find([('code', '=', 'vi')])
        leader.save()

    page.goto(f'{demo_server.url}#{demo_server.database}')
    ask = submit_login(page, 'lanhdao')
    ask.locator('input[type="password"]').fill(demo_server.password)
    ask.locator('.btn-primary').click()
    menu_root = page.locator('#menu .column-char[title="Quản lý thị trường"]')
    wizard = page.locator('.tab-wizard')
    deadline = time.monotonic() + 60
    while not (menu_root.count() or wizard.count()):
        assert time.monotonic() < deadline, "no menu after login"
        page.wait_for_timeout(200)
    if wizard.count():
        wizard.locator('.modal-footer button.btn-link').click()
    menu_root.wait_for()
    wait_idle(page)
    page.locator('#menu tr').filter(has=page.locator(
            '.column-char[title="Quản lý thị trường"]')).locator(
        '.expander').click()
    page.locator('#menu .column-char[title="Thống kê"]').first.click()
    choose_any_period(page)
    for name, value in [
            ('from_date', '01/01/2022'), ('to_date', '30/11/2022')]:
        fill_date(page, name, value)
    wait_idle(page)
    # the list of months and teams of the period, with its sums
    rows = page.locator(f'{TAB} tbody tr')
    expect(rows.first).to_be_visible()
    footer = page.locator(f'{TAB} tfoot')

    def sums():
        "the sums of the list (sao: selected records / all records)"
        return footer.inner_text().split()
    # the list follows the typed period without the reload button
    # (config/sao/custom.js; issue #23)
    wait_for_sums(page, sums, '230')
    assert '2.804' in sums()        # Vietnamese thousands separator
    assert '2.486.500.000' not in sums()
    path = shot('statistics-2022')
    target = ROOT / 'docs' / 'screenshots' / 'statistics-2022.png'
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    # the workbook of the period, no row selected
    assert not page.locator(f'{TAB} tbody tr.selected').count()
    print_button = page.locator(f'{TAB} button#print')
    expect(print_button).to_be_enabled()
    print_button.click()
    with page.expect_download() as download:
        page.locator('.dropdown-menu:visible a').filter(
            has_text="Sổ thống kê (Excel)").first.click()
    assert download.value.suggested_filename == (
        'thong-ke-20220101-20221130.xlsx')
    import openpyxl
    with open(download.value.path(), 'rb') as file:
        book = openpyxl.load_workbook(file)
    assert book.worksheets[0]['A2'].value == '01/01/2022 – 30/11/2022'
    # the police's figures: the coordinating force of the context
    force = page.locator(f'{TAB} input[name="force"]')
    force.fill("Công an")
    completion = page.locator(f'{TAB} .dropdown-completion li.completion'
        ':visible').filter(has_text="Công an tỉnh Bắc Ninh")
    completion.first.click()
    wait_idle(page)
    wait_for_sums(page, sums, '103')
    assert '2.486.500.000' in sums() and '6.342.800.000' in sums()
    shot('statistics-2022-police')
    assert not page.js_errors, page.js_errors
