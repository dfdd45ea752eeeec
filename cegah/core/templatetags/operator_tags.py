from __future__ import annotations

from django import template

from cegah.core.operator import Operator, site_operator

register = template.Library()


@register.simple_tag(name="site_operator")
def site_operator_tag() -> Operator:
    """`{% site_operator as operator %}`: the operator named in the footer."""
    return site_operator()
