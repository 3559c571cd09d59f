from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from config.admin import EstimatedCountPaginator
from edi.models import Interchange

PREVIEW_CHARS = 20000


@admin.register(Interchange)
class InterchangeAdmin(admin.ModelAdmin):
    list_display = ("file_name", "direction", "standard", "document_types", "control_number",
                    "status", "created_at")
    list_filter = ("status", "direction", "standard")
    search_fields = ("=file_name", "=control_number", "=checksum")
    readonly_fields = ("direction", "standard", "file_name", "checksum", "document_types",
                       "sender_id", "receiver_id", "control_number", "status", "error",
                       "duplicate_of", "purchase_orders", "created_at", "processed_at",
                       "raw_preview")
    exclude = ("content",)
    paginator = EstimatedCountPaginator
    show_full_result_count = False

    def get_queryset(self, request):
        # Files can be large: the list never loads their content.
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("raw content"))
    def raw_preview(self, interchange: Interchange) -> str:
        return format_html("<pre style='white-space: pre-wrap'>{}</pre>",
                           interchange.text[:PREVIEW_CHARS])
