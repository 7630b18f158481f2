"""The conversation engine: one `transitions` machine per flow, a team's position attached per turn.

`Engine.handle` is pure and synchronous: it gets the team's saved position and answers, the turn
(text, button or form) and returns replies, the new position and the answer versions to write.
The machine is built once (DESIGN.md: ~15 ms to build, ~0.2 ms to attach a model); models are
attached once and reused: a turn takes an idle one, sets it to the saved state and gives it back.
"""

from __future__ import annotations

from transitions import Machine

from flows.definition import Flow
from flows.session import DONE, START, Outcome, TeamView, Turn, TurnContext
from flows.turn import MAX_FAILURES, TurnRun

__all__ = ["MAX_FAILURES", "Conversation", "Engine"]


class Conversation:
    """The model `transitions` moves: a plain object, compared by identity, one per turn."""

    state: str


class Engine:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        states = [START, *(q.id for q in flow.questions), DONE]
        # Jumps (edit, restart) set the state directly; auto transitions would add ~50 triggers to attach per turn.
        self.machine = Machine(model=None, states=states, initial=START, auto_transitions=False)
        self.machine.add_ordered_transitions(states, trigger="advance", loop=False)
        for later, earlier in zip(states[2:-1], states[1:-2], strict=True):
            self.machine.add_transition("retreat", later, earlier)
        for step, following in zip(flow.steps, [*flow.steps[1:], None], strict=True):
            if step.skippable:
                target = following.elements[0].questions[0].id if following else DONE
                sources = [START, *(q.id for e in step.elements for q in e.questions)]
                self.machine.add_transition("skip_step", sources, target)

        self._idle: list[Conversation] = []  # attached models not in a turn (one per concurrent turn)

    def handle(self, view: TeamView, turn: Turn, context: TurnContext) -> Outcome:
        model = self._idle.pop() if self._idle else self._attached()
        self.machine.set_state(view.state if view.state in self.machine.states else START, model)
        try:
            return TurnRun(self.flow, self.machine, model, view, turn, context).run()
        finally:
            self._idle.append(model)

    def _attached(self) -> Conversation:
        model = Conversation()
        self.machine.add_model(model, initial=START)
        return model
