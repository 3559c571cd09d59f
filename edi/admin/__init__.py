"""The file routes in the admin: interchanges, header maps, partners and channels."""

from edi.admin import channels, header_maps, interchanges

__all__ = ["channels", "header_maps", "interchanges"]
