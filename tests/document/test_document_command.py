"""`document` in the chat: the PDF and the Word file as FILE replies, ready for each platform to post."""

from __future__ import annotations

from flows.types import ReplyKind
from tests.document.readback import docx_text, pdf_pages
from tests.harness import Coach
from tests.scripts import DUTCH, ENGLISH


async def test_document_after_the_walk_hands_over_the_pdf_and_the_word_file(app_context):
    coach = Coach(app_context)
    await coach.say("start", language="nl")
    await coach.play(DUTCH)
    replies = await coach.say("document")
    assert [r.kind for r in replies] == [ReplyKind.TEXT, ReplyKind.FILE, ReplyKind.FILE]
    assert "stand van 23 november 2026" in replies[0].text
    pdf, word = replies[1], replies[2]
    assert pdf.filename == "strategie-demo-2026-11-23.pdf" and pdf.meta["mime"] == "application/pdf"
    assert word.filename.endswith(".docx") and word.meta["document"] == "docx"
    assert "We geloven dat elke ondernemer digitaal moet kunnen groeien." in pdf_pages(pdf.file)[0]
    assert "Wij maken groei eenvoudig voor drukke ondernemers." in docx_text(word.file)


async def test_pdf_alone_when_that_is_what_was_asked(app_context):
    coach = Coach(app_context)
    await coach.say("start", language="en")
    await coach.play(ENGLISH)
    replies = await coach.say("pdf")
    assert [r.filename for r in replies if r.kind == ReplyKind.FILE] == ["strategy-demo-2026-11-23.pdf"]
    assert "Your strategy as a document" in replies[0].text


async def test_with_a_slash_it_works_in_the_middle_of_the_walk(app_context):
    coach = Coach(app_context)
    await coach.say("start", language="nl")
    await coach.play(DUTCH[:5])
    replies = await coach.say("/document")
    assert [r.kind for r in replies].count(ReplyKind.FILE) == 2
    text = pdf_pages(replies[1].file)[0]
    assert "Eerlijkheid" in text and "Stap 4 · Achieve: nog niet ingevuld" not in text  # the rest is at the end
    assert "zie de Aandachtspunten achteraan" in text


async def test_document_pdf_at_a_question_is_the_command_but_other_words_are_an_answer(app_context):
    coach = Coach(app_context)
    await coach.say("start", language="nl")
    await coach.play(DUTCH[:2])
    replies = await coach.say("document pdf")
    assert [r.filename.rsplit(".", 1)[1] for r in replies if r.kind == ReplyKind.FILE] == ["pdf"]
    assert replies[-1].kind == ReplyKind.QUESTION  # and the open question is asked again
    replies = await coach.say("document alles wat we doen, in één overzicht")
    assert ReplyKind.FILE not in [r.kind for r in replies]


async def test_a_team_without_answers_is_told_how_to_begin(app_context):
    replies = await Coach(app_context, team="leeg").say("document")
    assert [r.kind for r in replies] == [ReplyKind.TEXT]
    assert "`start` als jullie nog niet begonnen zijn" in replies[0].text


async def test_the_console_names_the_files_it_cannot_hand_over(app_context):
    from bot.render_text import render_replies

    coach = Coach(app_context)
    await coach.say("start", language="nl")
    await coach.play(DUTCH[:3])
    shown = render_replies(await coach.say("/pdf"))
    assert "[file: strategie-demo-2026-11-23.pdf, " in shown
