"""The fixed list of an assistant's roles (from the study), each with the definition shown
inline wherever an activity is tagged, so that tagging stays consistent between people."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkRole(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    BROKER = "broker", _("Broker")
    MEDIATOR = "mediator", _("Mediator")
    ADVOCATE = "advocate", _("Advocate (pembela)")
    PROTECTOR = "protector", _("Protector (pelindung)")
    LIAISON = "liaison", _("Liaison")
    MOTIVATOR = "motivator", _("Motivator")
    RESEARCHER = "researcher", _("Researcher")
    MOBILISER = "mobiliser", _("Mobiliser")
    EVALUATOR = "evaluator", _("Evaluator")
    MENTOR = "mentor", _("Mentor (pembimbing)")


DEFINITIONS = {
    WorkRole.FACILITATOR: _(
        "Brings programs and information to people, coordinating with the PSM of each "
        "kelurahan so nobody is left confused about where to get help."
    ),
    WorkRole.BROKER: _(
        "Connects a person to the agency or service that fits the need, and follows up "
        "on whether the service was given."
    ),
    WorkRole.MEDIATOR: _(
        "Helps settle a dispute or conflict between people or with an institution, "
        "directly or through PSM partners."
    ),
    WorkRole.ADVOCATE: _(
        "Corrects wrong information or data that did not reach people, and defends "
        "their rights to services."
    ),
    WorkRole.PROTECTOR: _(
        "Recognises violence, abuse, trafficking, neglect or exploitation and escalates "
        "it to those with authority (Dinas Sosial, UPTD PPA, police): never acts alone."
    ),
    WorkRole.LIAISON: _(
        "Keeps the link between the community, the kelurahan and the Dinas Sosial, "
        "passing reports and decisions both ways."
    ),
    WorkRole.MOTIVATOR: _("Encourages people to take part and to keep going with their plan."),
    WorkRole.RESEARCHER: _(
        "Gathers and analyses simple social and economic facts with PSM partners."
    ),
    WorkRole.MOBILISER: _(
        "Develops and mobilises community resources so that people become self-reliant."
    ),
    WorkRole.EVALUATOR: _(
        "Assesses programs and gives judgements, suggestions and input about them."
    ),
    WorkRole.MENTOR: _("Educates, informs and guides people so they get more out of the programs."),
}


def role_options() -> list[dict]:
    """The roles with label and definition, in their fixed order (for forms and the API)."""
    return [{"code": r.value, "label": r.label, "definition": DEFINITIONS[r]} for r in WorkRole]


# `WorkRole.values` builds a new list on every access; membership checks in loops use this.
ROLE_VALUES = frozenset(WorkRole.values)
