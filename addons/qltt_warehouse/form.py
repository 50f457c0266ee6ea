# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Printed forms of Decree 118/2021 for seized goods: the seizure decision
(MQĐ20) and minutes (MBB15) of a seizure, the destruction minutes (MBB21) of
a disposition, the goods handed over with the hand-over minutes (MBB28)
of a disposition to the investigators, and the hand-over minutes (BBBG, not
a form of Decree 118/2021) of confiscated goods sold to a buyer or
transferred to another agency (Decree 138/2021; Decree 77/2025).

They are reports on the case document like the forms of qltt_cases (see its
form.py) and find the seizure or the disposition the document belongs to."""
from trytond.modules.qltt_cases.form import FormReport, Goods
from trytond.pool import Pool, PoolMeta

# Units of measure printed in Vietnamese (by symbol); the others print their
# symbol, which is the same in Vietnamese (kg, g, m, m³...)
UNIT_NAMES = {
    'u': 'cái',
    'l': 'lít',
    }


def vi_unit(uom):
    "The name of a unit of measure on a form"
    if not uom:
        return ''
    return UNIT_NAMES.get(uom.symbol, uom.symbol or uom.name)


def document_seizure(document):
    """The seizure of which document is the decision, the minutes or the
    extension, or else (documents made before these links) whose number is
    the description of the document"""
    pool = Pool()
    Seizure = pool.get('qltt.seizure')
    seizures = Seizure.search(['OR',
            ('decision', '=', document.id),
            ('minutes', '=', document.id),
            ('extension', '=', document.id),
            ], limit=1)
    if not seizures and document.description:
        seizures = Seizure.search([
                ('case', '=', document.case.id),
                ('number', '=', document.description),
                ], limit=1)
    return seizures[0] if seizures else None


def document_disposition(document):
    "The disposition that issued document"
    pool = Pool()
    Disposition = pool.get('qltt.disposition')
    dispositions = Disposition.search([
            ('documents', 'in', [document.id]),
            ], limit=1)
    if not dispositions and document.description:
        dispositions = Disposition.search([
                ('case', '=', document.case.id),
                ('number', '=', document.description),
                ], limit=1)
    return dispositions[0] if dispositions else None


class WarehouseFormMixin:
    __slots__ = ()

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['vi_unit'] = vi_unit
        return context


class SeizureFormMixin(WarehouseFormMixin):
    __slots__ = ()

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        document = context['document']
        seizure = document_seizure(document) if document is not None else None
        context['seizure'] = seizure
        return context


class FormMQD20(SeizureFormMixin, FormReport):
    "Seizure decision (MQĐ20; Law Art 125)"
    __name__ = 'qltt_warehouse.form_mqd20'
    codes = {'MQĐ20'}


class FormMBB15(SeizureFormMixin, FormReport):
    "Seizure minutes (MBB15; Law Art 125)"
    __name__ = 'qltt_warehouse.form_mbb15'
    codes = {'MBB15'}


class FormMBB21(WarehouseFormMixin, FormReport):
    "Destruction minutes (MBB21)"
    __name__ = 'qltt_warehouse.form_mbb21'
    codes = {'MBB21'}

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        document = context['document']
        context['disposition'] = (document_disposition(document)
            if document is not None else None)
        return context


class FormBBBG(WarehouseFormMixin, FormReport):
    """Minutes handing confiscated goods over to the buyer of a sale or to
    the agency they are transferred to (Decree 138/2021; Decree 77/2025)"""
    __name__ = 'qltt_warehouse.form_bbbg'
    codes = {'BBBG'}

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        document = context['document']
        disposition = (document_disposition(document)
            if document is not None else None)
        is_sale = bool(disposition and disposition.kind == 'sell')
        receiver = None
        if disposition:
            receiver = disposition.buyer if is_sale else disposition.recipient
        address = receiver.address_get() if receiver else None
        context.update({
                'disposition': disposition,
                'is_sale': is_sale,
                'receiver': receiver,
                'receiver_address': (address.full_address.replace('\n', ', ')
                    if address else ''),
                'handover_purpose': (
                    "việc bán tang vật, phương tiện vi phạm hành chính bị "
                    "tịch thu" if is_sale else
                    "việc chuyển giao tang vật, phương tiện vi phạm hành "
                    "chính bị tịch thu cho cơ quan có thẩm quyền xử lý"),
                })
        return context


class FormMBB28(metaclass=PoolMeta):
    "The goods handed over to the investigators with the case file"
    __name__ = 'qltt_cases.form_mbb28'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        document = context['document']
        disposition = (document_disposition(document)
            if document is not None else None)
        context['disposition'] = disposition
        if disposition:
            if disposition.recipient:
                context['recipient'] = disposition.recipient
            context['goods'] = [Goods(
                    name=l.seizure_line.rec_name,
                    quantity=l.quantity,
                    unit=vi_unit(l.seizure_line.unit),
                    condition=l.seizure_line.condition,
                    value=l.value)
                for l in disposition.lines]
        return context
