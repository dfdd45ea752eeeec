from django.contrib import admin

from cegah.messaging.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "subject"]
    list_filter = ["channel"]
    search_fields = ["recipient", "subject"]
    readonly_fields = ["channel", "recipient", "subject", "body", "created_at"]
