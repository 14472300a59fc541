"""The participant's own results on the application page, once the contest's results are published."""

from django import template

from contests.results import own_results

register = template.Library()


@register.inclusion_tag("contests/results_own.html")
def own_contest_results(application):
    return {"results": own_results(application)}
