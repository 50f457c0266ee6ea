# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Printed forms of Decree 118/2021/NĐ-CP (annex of MBB minutes and MQĐ
decisions) filled from a case document (`qltt.case.document`).

Each form is an `ir.action.report` on `qltt.case.document` named
`<module>.form_<code>` (the form code in lower case, Đ written d, e.g.
`qltt_cases.form_mqd02` for MQĐ02) with a flat ODT template `form_<code>.fodt`.
The document type finds its form by that name (`qltt.case.document.type`
`report`), so forms of other modules (the seizure and destruction forms of
qltt_warehouse) are found the same way, and the "Print" button of a document
opens the form of its type.

The forms are legal documents in Vietnamese: they are always rendered in
Vietnamese (the names of acts, positions and selections come from the `vi`
translations), whatever the language of the user.

Presentation follows Decree 30/2020/NĐ-CP (administrative documents): the
national motto, the issuing body under its parent body, the number, place
and date "Bắc Ninh, ngày 09 tháng 3 năm 2026" (days below 10 and months 1
and 2 with a leading zero).

PDF: the templates are ODT; the forms are printed in PDF when LibreOffice is
installed on the server and in ODT otherwise (report.py).
"""
import datetime as dt
import unicodedata
from collections import namedtuple
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import Transaction, check_access

from . import deadline
from .display import format_amount, format_date
from .report import PdfReportMixin

# The language of the forms (Decree 118/2021 annex)
FORM_LANGUAGE = 'vi'
# The offender complies within 10 days of receiving the sanction decision
# (Law on Handling Administrative Violations Art 73(1))
COMPLY_DAYS = 10
# Prefixes of provincial names dropped in the place of issue ("Bắc Ninh,
# ngày ..."; Decree 30/2020/NĐ-CP Annex I)
PLACE_PREFIXES = ('Tỉnh ', 'tỉnh ', 'Thành phố ', 'thành phố ', 'TP. ')
# Full titles of the decrees cited most often; other decrees are cited by
# their number only
DECREE_TITLES = {
    '98/2020/NĐ-CP': (
        "Nghị định số 98/2020/NĐ-CP ngày 26 tháng 8 năm 2020 của Chính phủ "
        "quy định xử phạt vi phạm hành chính trong hoạt động thương mại, "
        "sản xuất, buôn bán hàng giả, hàng cấm và bảo vệ quyền lợi người "
        "tiêu dùng, được sửa đổi, bổ sung bởi Nghị định số 17/2022/NĐ-CP "
        "và Nghị định số 24/2025/NĐ-CP"),
    }

_DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám',
    'chín']


# An item of goods listed on a form (filled by the modules that hold goods)
Goods = namedtuple('Goods', ['name', 'quantity', 'unit', 'condition', 'value'])


class FormError(UserError):
    pass


def form_slug(code):
    """The name of the form of code in report names and file names:
    lower case ASCII, Đ written d ('MQĐ02' -> 'mqd02')"""
    code = (code or '').replace('Đ', 'D').replace('đ', 'd')
    code = unicodedata.normalize('NFKD', code).encode(
        'ascii', 'ignore').decode()
    return code.lower()


def vi_date(date):
    """'ngày 09 tháng 3 năm 2026': days below 10 and the months January
    and February take a leading zero (Decree 30/2020/NĐ-CP Annex I)"""
    if not date:
        return 'ngày ... tháng ... năm ...'
    day = f'{date.day:02d}'
    month = f'{date.month:02d}' if date.month < 3 else str(date.month)
    return f'ngày {day} tháng {month} năm {date.year}'


def vi_short_date(date):
    "'09/03/2026', dots to fill in by hand without a date"
    return format_date(date) if date else '.../.../......'


def vi_amount(value):
    "An amount of VND written the Vietnamese way: 25.000.000"
    if value is None:
        return ''
    return format_amount(value)


def vi_quantity(value):
    "A quantity: 42.604 or 12,5"
    if value is None:
        return ''
    value = Decimal(str(value)).normalize()
    if value == value.to_integral():
        return vi_amount(value)
    integer, _, fraction = f'{abs(value):f}'.partition('.')
    sign = '-' if value < 0 else ''
    return f'{sign}{vi_amount(Decimal(integer))},{fraction}'


def _words_below_1000(number, full):
    """Words of 0 < number < 1000; full reads the zero hundreds and tens
    of an inner group ('không trăm linh năm')"""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], 'trăm']
    if tens == 0:
        if units and words:
            words.append('linh')
    elif tens == 1:
        words.append('mười')
    else:
        words += [_DIGITS[tens], 'mươi']
    if units == 1 and tens > 1:
        words.append('mốt')
    elif units == 5 and tens:
        words.append('lăm')
    elif units:
        words.append(_DIGITS[units])
    return words


def _words(number, full=False):
    "Words of number > 0, read by billions, millions, thousands"
    if number >= 1_000_000_000:
        billions, rest = divmod(number, 1_000_000_000)
        words = _words(billions, full) + ['tỷ']
        if rest:
            words += _words(rest, True)
        return words
    words = []
    # an empty group is skipped: 1.000.005 "một triệu không trăm linh năm"
    for size, name in [(1_000_000, 'triệu'), (1_000, 'nghìn'), (1, '')]:
        group, number = divmod(number, size)
        if group:
            words += _words_below_1000(group, full)
            if name:
                words.append(name)
            full = True
    return words


def vi_amount_words(value, currency='đồng'):
    "'Hai mươi lăm triệu đồng' for 25.000.000"
    if value is None:
        return ''
    value = int(Decimal(value).quantize(Decimal(1)))
    if value == 0:
        words = ['không']
    else:
        words = _words(abs(value))
        if value < 0:
            words.insert(0, 'âm')
    text = ' '.join(words + ([currency] if currency else []))
    return text[0].upper() + text[1:]


def act_sanction(violation):
    "The sanction of an act in a decision's table: its fine or 'Cảnh cáo'"
    if violation.sanction == 'warning':
        return 'Cảnh cáo'
    return vi_amount(violation.fine)


def principal_sanction(offender):
    """Point 4(a) of MQĐ02 for an offender: a warning, a fine with its total
    in figures and words, or both, each act having one principal sanction
    (Law Art 21(3))"""
    acts = list(enumerate(offender.violations, 1))
    warned = [str(n) for n, v in acts if v.sanction == 'warning']
    fined = [str(n) for n, v in acts if v.sanction != 'warning']
    total = (f'Tổng số tiền phạt: {vi_amount(offender.fine_total)} đồng '
        f'(Bằng chữ: {vi_amount_words(offender.fine_total)}).')
    if not warned:
        return f'Phạt tiền. {total}'
    if not fined:
        return 'Cảnh cáo.'
    return (f'Cảnh cáo (hành vi số {", ".join(warned)}); phạt tiền '
        f'(hành vi số {", ".join(fined)}). {total}')


def vi_upper(text):
    return (text or '').upper()


def legal_reference(basis):
    """'điểm g khoản 1 Điều 15 Nghị định số 98/2020/NĐ-CP': the Vietnamese
    order of a citation, from the point up to the decree"""
    if not basis:
        return ''
    parts = []
    if basis.point:
        parts.append(f'điểm {basis.point}')
    if basis.clause:
        parts.append(f'khoản {basis.clause}')
    if basis.article:
        parts.append(f'Điều {basis.article}')
    if basis.decree:
        parts.append(f'Nghị định số {basis.decree}')
    return ' '.join(parts)


def decree_title(decree):
    return DECREE_TITLES.get(decree, f'Nghị định số {decree}')


def selection_label(record, name):
    "The label of the value of selection field name of record"
    if record is None:
        return ''
    value = getattr(record, name)
    Model = record.__class__
    selection = Model.fields_get([name])[name].get('selection') or []
    if isinstance(selection, (list, tuple)):
        return dict(selection).get(value, value or '')
    return value or ''


def offenders_label(case):
    """Whom a form names: 'cá nhân', 'tổ chức', or for several violators
    in one case, each with their own acts and sanction (Law Art 67),
    'các cá nhân, tổ chức'"""
    offenders = case.offenders if case else []
    if len(offenders) > 1:
        return 'các cá nhân, tổ chức'
    if offenders:
        return selection_label(offenders[0], 'kind').lower()
    return selection_label(case, 'offender_kind').lower()


def position(employee):
    """The position printed under the signature: the officer's position
    (qltt_hr, when set) or the position giving the sanctioning authority,
    up to its first ';'"""
    if not employee:
        return ''
    name = ''
    if getattr(employee, 'position', None):
        name = employee.position.name
    elif employee.sanction_authority:
        name = employee.sanction_authority.name
    return (name or '').split(';')[0].strip()


def party_address(party):
    """One line address of a party: its first address that says something
    (a party gets an empty address when created), or ''"""
    if not party:
        return ''
    for address in party.addresses:
        text = ', '.join(
            line.strip() for line in (address.full_address or '').splitlines()
            if line.strip())
        if text:
            return text
    return ''


def salutation(party, capital=False):
    """How the forms of Decree 118/2021 address a person: 'ông' or 'bà'
    when the gender is known, else the forms' own 'ông (bà)'"""
    text = {'male': 'ông', 'female': 'bà'}.get(
        getattr(party, 'gender', None), 'ông (bà)')
    return text[0].upper() + text[1:] if capital else text


def lines(text):
    "The non empty lines of a text, for one paragraph each"
    return [l for l in (text or '').splitlines() if l.strip()]


def unit_place(company=None):
    """The place of issue: the province of the unit without its prefix
    ('Tỉnh Bắc Ninh' -> 'Bắc Ninh'), or the city of the company"""
    pool = Pool()
    Configuration = pool.get('qltt.configuration')
    config = Configuration.of_company(company)
    name = ''
    if config.province:
        name = config.province.name
    elif company:
        address = company.party.address_get()
        if address:
            name = (address.city
                or (address.subdivision.name if address.subdivision else ''))
    for prefix in PLACE_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    return name.strip()


class FormReport(PdfReportMixin, Report):
    """A form of Decree 118/2021 printed from a case document

    `codes` are the form codes (qltt.case.document.type code) the template
    is made for; other documents are refused."""
    codes = set()

    @classmethod
    def execute(cls, ids, data):
        cls.check_types(ids)
        with Transaction().set_context(language=FORM_LANGUAGE):
            return super().execute(ids, data)

    @classmethod
    def check_types(cls, ids):
        "Refuse, in the user's language, documents of another form"
        pool = Pool()
        Document = pool.get('qltt.case.document')
        if not cls.codes:
            return
        if Transaction().user:
            # the user's record rules first: the refusal names the document
            with check_access():
                Document.read(ids, ['id'])
        for document in Document.browse(ids):
            if document.type.code not in cls.codes:
                raise FormError(gettext(
                        'qltt_cases.msg_form_wrong_type',
                        document=document.rec_name,
                        type=document.type.code,
                        forms=', '.join(sorted(cls.codes))))

    @classmethod
    def get_context(cls, records, header, data):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        Company = pool.get('company.company')
        context = super().get_context(records, header, data)
        document = case = context['record']
        # a form of the case itself (the inspection decision) or of one of
        # its documents
        if document is not None and document.__name__ == 'qltt.case':
            document = None
        elif document is not None:
            case = document.case
        company = None
        if case is not None:
            company = case.company
        elif Transaction().context.get('company'):
            company = Company(Transaction().context['company'])
        place = unit_place(company)
        config = Configuration.of_company(company)

        def place_date(date):
            return ', '.join(filter(None, [place, vi_date(date)]))

        context.update({
                'document': document,
                'case': case,
                'company': company,
                'parent_unit_name': vi_upper(config.parent_unit_name),
                'unit_name': vi_upper(
                    company.party.name if company else ''),
                'place': place,
                'place_date': place_date,
                'vi_date': vi_date,
                'vi_short_date': vi_short_date,
                'vi_amount': vi_amount,
                'vi_amount_words': vi_amount_words,
                'act_sanction': act_sanction,
                'principal_sanction': principal_sanction,
                'vi_quantity': vi_quantity,
                'vi_upper': vi_upper,
                'legal_reference': legal_reference,
                'decree_title': decree_title,
                'selection_label': selection_label,
                'position': position,
                'party_address': party_address,
                'salutation': salutation,
                'lines': lines,
                'issued_documents': cls.issued_documents,
                'offenders_label': offenders_label,
                # goods handed over with the document: Goods tuples (filled
                # by qltt_warehouse for the hand-over of seized goods)
                'goods': [],
                })
        return context

    @staticmethod
    def issued_documents(case, code=None):
        "The issued documents of case (of form code), oldest first"
        documents = [d for d in case.documents
            if d.state == 'issued' and (code is None or d.type.code == code)]
        return sorted(documents, key=lambda d: (d.date, d.id))


class FormMBB01(FormReport):
    "Minutes of administrative violation (MBB01)"
    __name__ = 'qltt_cases.form_mbb01'
    codes = {'MBB01'}


class FormMQD02(FormReport):
    "Decision on administrative sanction (MQĐ02)"
    __name__ = 'qltt_cases.form_mqd02'
    codes = {'MQĐ02'}

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        case = context['case']
        comply_date = None
        if case and case.decision_received_date:
            start = case.decision_received_date
            comply_date = deadline.add_days(
                start, COMPLY_DAYS, deadline.get_holidays(
                    start, start + dt.timedelta(days=COMPLY_DAYS + 30)))
        context['comply_days'] = COMPLY_DAYS
        context['comply_date'] = comply_date
        # Art 1(4)(b) and (c) of the form: the measures of the decision
        context['additional_sanctions'] = '; '.join(
            case.measure_texts('sanction_')) if case else ''
        context['remedial_measures'] = '; '.join(
            case.measure_texts('remedy_')) if case else ''
        return context


class FormMQD01(FormMQD02):
    """Decision on administrative sanction without minutes (MQĐ01): a
    warning or a fine up to the limit, decided on the spot; it states the
    place of the violation (Law Art 56 as amended by Law 67/2020)"""
    __name__ = 'qltt_cases.form_mqd01'
    codes = {'MQĐ01'}


class FormMQD33(FormReport):
    """Decision transferring the file of a case with signs of a crime to the
    investigators (MQĐ33; Law Art 62)"""
    __name__ = 'qltt_cases.form_mqd33'
    codes = {'MQĐ33'}


class FormMBB28(FormReport):
    """Minutes handing over the file of a case with signs of a crime
    (MBB28; Law Art 62)"""
    __name__ = 'qltt_cases.form_mbb28'
    codes = {'MBB28'}

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        case = context['case']
        # the party that receives the file (qltt_warehouse: the recipient of
        # the goods handed over)
        context['recipient'] = case.investigation_agency if case else None
        return context
