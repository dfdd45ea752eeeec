from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "cegah.assistant"
    label = "assistant"
    verbose_name = _("Assistant knowledge base")

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.signals import published, unpublished

        from cegah.assistant import actions, engine
        from cegah.assistant.models import KnowledgeEntry
        from cegah.portal.actions import register_editing_setup

        # `manage.py sync_editor_groups` (run on every deploy) grants the review permissions.
        register_editing_setup(actions.ensure_knowledge_editing)

        # Publishing, unpublishing or deleting an entry changes what answers questions: every
        # process's index follows (cegah.search.engine's change log).
        published.connect(actions.on_published, sender=KnowledgeEntry)
        unpublished.connect(actions.on_entry_changed, sender=KnowledgeEntry)
        post_delete.connect(actions.on_entry_changed, sender=KnowledgeEntry)
        # Declared here so site search's warm-up loads it with the others.
        engine.collection()
