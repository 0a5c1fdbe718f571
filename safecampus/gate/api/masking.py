"""What every answer about a person shares: ID numbers and phones masked, never as typed."""

from ninja import Schema


class MaskedContactOut(Schema):
    """Answers carry a person's ID number and phone masked, never as typed."""

    @staticmethod
    def resolve_id_number_masked(obj):
        return obj.masked_id

    @staticmethod
    def resolve_phone_masked(obj):
        return obj.masked_phone
