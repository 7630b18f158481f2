"""`/coach samenvatting` in Slack shows page one of the strategy model as blocks (not its Markdown), with a kept
point under Aandachtspunten after a weak answer was kept in the thread."""

from __future__ import annotations

from tests.slack.harness import SlackHarness, start


async def test_the_summary_command_posts_page_one_with_the_point_kept_in_the_thread(slack: SlackHarness) -> None:
    thread = await start(slack)
    for text in ("Omdat we geld willen verdienen", "houden"):
        await slack.send_event(slack.message(text, thread_ts=thread))
        await slack.settled()
    await slack.command("samenvatting")
    await slack.settled()
    summary = next(p for p in reversed(slack.posts()) if "Strategie op één pagina" in p["text"])
    shown = "\n".join(str(b.get("text", {}).get("text", "")) for b in summary["blocks"])
    assert "De why: “Omdat we geld willen verdienen” — De why gaat vooral over geld of groei" in shown
    assert "Stap 2 · Decide: nog niet ingevuld" in shown  # what is open, as `status` counts it
    assert any(b["type"] == "section" and "AANDACHTSPUNTEN" in str(b).upper() for b in summary["blocks"])
