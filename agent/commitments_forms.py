"""Promise forms and exclusions for the commitment finder: how a clause commits, and what cancels it.

Promise forms say the writer commits: "we'll", "I've refunded", "I can offer", "I promise", "your
refund is on its way". Exclusions cancel a clause: questions, refusals ("we can't promise"), hedges,
quoted policy, hand-offs ("billing will review it") and descriptions of how the product works.
Topic words per label live in `commitments_topics`.

All patterns are matched against lower-cased text whose curly apostrophes were made straight (matching
lower-cased text without re.IGNORECASE is two to three times faster), except MAY, which is given the
original text so that the month "May" is not read as the hedge "may".
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Gated(NamedTuple):
    """A pattern tried only when the text contains one of its trigger substrings (a cheap pre-check)."""

    pattern: re.Pattern[str]
    triggers: tuple[str, ...]

    def search(self, text: str) -> re.Match[str] | None:
        """Return the first match, skipping the regular expression when no trigger occurs."""
        if not any(trigger in text for trigger in self.triggers):
            return None
        return self.pattern.search(text)


def gated(pattern: re.Pattern[str] | Gated, triggers: str) -> Gated:
    """Wrap a pattern with "|"-separated substrings, one of which every match of it must contain."""
    assert isinstance(pattern, re.Pattern)
    return Gated(pattern, tuple(triggers.split("|")))


def any_of(*parts: str) -> re.Pattern[str]:
    """Compile alternatives into one pattern for lower-cased text (one alternation beats many searches)."""
    return re.compile("|".join(f"(?:{part})" for part in parts))


_SPEAKER = r"\b(?:i|we)\b"
_ADVERBS = r"(?:(?:also|just|already|now|then|personally|gladly|happily|definitely|surely|certainly|still|even|" \
    r"actually|really|immediately|(?:gone|go|went) ahead and|\w+ly)\s+)*"
_GIVING_VERBS = (
    r"refund|reimburse|credit|waive|extend|add|apply|offer|give|comp|throw|issue|send|return|make|cancel|drop"
    r"|remove|upgrade|honou?r|lock|freeze|switch|cover|process|pay|reverse|knock|take|bump|grant|match|void"
)
_DONE_VERBS = (
    r"refunded|reimbursed|credited|waived|reversed|applied|added|extended|cancell?ed|processed|issued|removed"
    r"|dropped|upgraded|created|comped|covered|fixed|patched|closed|secured|blocked|locked|switched|honou?red"
    r"|given|gave|paid|returned|voided|restored|made an exception|sent you|put|done|taken|took|knocked|bumped|granted"
    r"|made|wrote off|written off|set up|sent (?:the|your|it|a|an|\$)(?!\s+(?:\w+\s+)?(?:request|ticket|case|details|"
    r"question|feedback|issue|report|message))"
)
# Past participles that report looking into something or passing it on, not granting anything.
_NOT_GRANTED = (
    r"checked|reviewed|forwarded|passed|escalated|shared|flagged|noted|received|noticed|looked|asked|opened"
    r"|logged|raised|contacted|notified|investigated|verified|updated|emailed|mentioned|explained|attached"
    r"|included|tried|tested|replied|responded|talked|discussed|considered|requested|submitted|reported"
    r"|followed|confirmed|answered|searched|needed|wanted|hoped|wondered|realized|realised|learned|apologized"
    r"|apologised|reached|called|pinged|looped|tagged|assigned|started|observed|identified|reproduced|analy[sz]ed"
    r"|collected|gathered|documented|recorded|declined|rejected|denied|charged|billed|renewed|expired|failed"
    r"|used|tracked|traced|informed|advised|suggested|recommended|pulled|summari[sz]ed|relayed|booked|scheduled"
)
_GRANTED = rf"(?:{_DONE_VERBS}|(?!(?:{_NOT_GRANTED})\b)\w{{3,}}ed)\b"

# What follows "will" when the writer hands the matter on instead of promising an outcome.
FUTURE_MARK = re.compile(
    r"\b(?:will|'ll|shall|won't|(?:am|is|are|'m|'re|'s) going to|gonna)\s+" + _ADVERBS + r"(?:not\s+|never\s+)?",
)
_HANDOFF = (
    r"(?:review|decide|look (?:into|at|over)|take a (?:closer )?look|check|investigate|get back|be in touch|"
    r"get in touch|reply|respond|follow up|update|let (?:you|us|me) know|keep you (?:posted|updated|informed)|"
    r"contact|call|reach out|share|pass|forward|escalate|discuss|consider|assess|evaluate|handle|confirm|ask|"
    r"see(?! to it)|email|notify|talk|loop|raise (?:it |this |that |the \w+ |your \w+ )?with|flag|need|"
    r"require|work on|try|do (?:our|my|what|everything|all)|help|walk|"
    r"be (?:happy|glad) to help)\b"
)
HANDOFF = re.compile(_HANDOFF)
DONE_FORM = any_of(
    _SPEAKER + r"\s*(?:'ve|have|'d|had)?\s+" + _ADVERBS + r"(?:\w+ed\s+and\s+)?" + _GRANTED,
    _SPEAKER + r"\s*(?:'ve|have|has)\s+(?:give|refund|credit|add|extend|waive|apply|make|send|cancel|return)\b",
    r"^\W*(?:refund|credit|discount|fee waiver)s?\s+(?:has been\s+)?(?:processed|issued|applied|done|sent|"
    r"approved)\b",
    r"\b(?:has|have) been\s+" + _ADVERBS + _GRANTED,
    r"\b(?:was|were)\s+" + _ADVERBS + r"(?:refunded|reimbursed|credited|waived|reversed|extended|voided|"
    r"cancell?ed)\b",
    r"\b(?:now|already)\s+(?:has|have|includes?|shows?|reflects?)\b",
    r"\b(?:is|are|has been)\s+(?:all\s+|now\s+)?(?:done|complete|completed|sorted|through)\b",
    _SPEAKER + r"\s+(?:already|just)\s+\w+",
    r"\b(?:it's|it is|that's|that is)\s+(?:all\s+|already\s+|now\s+)*(?:done|been done|handled|taken care of)\b",
)
STRONG_FORM = any_of(
    r"\b(?:i'm|i am|we're|we are)\s+" + _ADVERBS + r"(?:happy to |glad to |going to )?(?:giving|adding|refunding"
    r"|reimbursing|crediting|waiving|extending|offering|issuing|sending you|applying|processing|throwing in"
    r"|cancell?ing|removing|dropping|upgrading|honou?ring|locking|covering|comping|switching|reversing|paying"
    r"|knocking|taking|bumping|granting)\b",
    _SPEAKER + r"\s+(?:also\s+|hereby\s+)?(?:give|offer|send|refund|credit|return|cancel|reimburse)\s+(?:you|your)\b"
    r"(?!\s+(?:\w+\s+)?(?:request|ticket|case|message|details|question|feedback|issue|email|info|information|"
    r"report)\b)",
    r"\bhere(?:'s| is| are) (?:a|an|your|\d|\$|€|£|some|one|two|three)\b",
    _SPEAKER + r"\s+(?:change|switch|move|convert|cancel|waive|extend|fix|lock|freeze)\s+(?:it|this|that|"
        r"them|to|your|you)\b",
    r"\b(?:you're|you are)\s+(?:\w+ly\s+)?entitled\b",
    r"\b(?:has|have|'ve|is|are|'s|'re) (?:\w+ly )?committed to\b|\bcommit(?:s|ted)? to (?:\w+ing)\b",
    r"\byou can (?:count|rely) on\b|\btake my word\b|\bno doubt\b",
    _SPEAKER + r"\s+(?:will\s+|am\s+|are\s+)?(?:not|no)\s+charge\b",
    _SPEAKER + r"\s+(?:will\s+|am\s+|are\s+|'ll\s+)?make sure\b|\b(?:i'm|i am|we're|we are) make sure\b",
    _SPEAKER + r"\s+(?:can|could|would like to|'d like to|'d be happy to|(?:am|are|'m|'re) (?:happy|glad|able) to)\s+"
    + _ADVERBS + rf"(?:{_GIVING_VERBS})\b",
    r"(?:^\W*|\b(?:i'm|we're|i am|we are|i'd be|we'd be|i would be|we would be)\s+)(?:more than |really |very )?"
    rf"(?:happy|glad|pleased) to\s+(?!{_HANDOFF})\w+",
    r"\b(?:you're|you are)\s+(?:\w+ly\s+)?(?:due|owed)\b|\bcall it even\b",
    _SPEAKER + r"\s+(?:will\s+)?(?:not|no|never)\s+(?:take|bill|ask for|collect)\b",
    rf"\blet me\s+{_ADVERBS}(?:{_GIVING_VERBS})\b",
    r"\b(?:i|we) (?:promise|guarantee|assure|confirm)\b|\bi can (?:assure|confirm|promise|guarantee)\b",
    r"\brest assured\b|\byou have (?:my|our) word\b|\bconsider it done\b|\bon the house\b|\bon us\b|\btrust me\b|"
    r"\b(?:i|we)(?:'ve| have) got (?:you|your \w+) covered\b|\b(?:i|we)(?:'ve| have) got your back\b",
    r"\b(?:i'm|i am|we're|we are) (?:100%|100 percent|absolutely|completely|totally|fully) (?:sure|certain|confident|"
    r"positive)\b",
    r"\bguaranteed\b|\bpromise you\b|\bpromised to\b|\b(?:i|we) (?:commit|pledge|undertake|vow) to\b",
    r"\bplease accept (?:this|these|a|an|our|my|\d|\$)|\b(?:don't|do not|no need to|needn't) (?:need to )?worry\b",
    r"\b(?:it's|it is|that's|that is|you're|you are|everything is) (?:all )?(?:sorted|taken care of|all set)\b",
)
_EVENT_SOON = (
    r"\b(?:ships?|arrives?|goes (?:live|out)|comes out|rolls out|launch(?:es)?|lands?|starts?|begins?|"
    r"is (?:out|released|launching|shipping|going live|"
    r"releasing|arriving|landing|rolling out)|are (?:launching|shipping|going live|releasing|arriving|rolling out))"
    r"\b[^.;]{0,40}\b(?:tomorrow|tonight|later today|next (?:week|month|quarter|sprint|monday|tuesday|wednesday|"
    r"thursday|friday)|this (?:afternoon|evening|week|month|quarter)|on (?:monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)|(?:in|with) (?:the|our) (?:next|upcoming|coming) (?:\w+ )?(?:release|version|"
    r"update|sprint)|q[1-4]|(?:in|by) (?:early |mid-?|late )?(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)|later this year|next year)\b"
)
FUTURE_FORM = any_of(
    r"\byou(?:'ll| will| shall| should| are going to|'re going to)\s+" + _ADVERBS
    + r"(?:get|receive|see|have|be (?:refunded|credited|reimbursed|compensated|getting|receiving))\b",
    r"\byou(?:'re| are) getting\b|\bexpect (?:a|an|the|your)\b",
    r"\b(?:is|are|'s|'re) (?:\w+ly )?(?:coming|in the works|being (?:built|developed|worked on))\b",
    r"\bon (?:its|their) way\b",
    r"\b(?:is|are) being (?:refunded|credited|reversed|processed|issued|waived|fixed|patched|released|returned|added|"
    r"built|developed|rolled out|introduced|implemented)\b",
    r"\bcoming soon\b|(?<!your )(?<!the )(?<!a )(?<!our )(?<!this )(?<!my )(?<!that )(?<!their )(?<!which )"
    r"\b(?:plans?|intends?) to\b",
    r"\b(?:am|are|is|'m|'re|'s)\s+(?:planning|intending) to\b",
    r"\b(?:is|are) (?:scheduled|planned|expected|due|set|booked|arranged|confirmed) (?:to|for|on|by|in)\b",
    r"\bpromised to\b",
    r"\b(?:has|have|'ve|is|are|'s|'re) (?:\w+ly )?committed to\b|\bcommit(?:s|ted)? to \w+ing\b",
    r"\byou (?:won't|will not|don't|do not) (?:be charged|have to pay|need to pay|owe)\b",
    _EVENT_SOON,
    r"\bshould\s+(?:now\s+|also\s+)?(?:be|reach|arrive|appear|show|land|see|receive|get|have|hit)\b",
    r"\b(?:is|are|'s|'re|am|'m)\s+\w+ing\b[^.;]{0,60}\b(?:tomorrow|tonight|later (?:today|this \w+)|"
    r"this (?:week|month|quarter)|next (?:week|month|quarter|"
    r"year|sprint|release|version|update)|this (?:afternoon|evening)|(?:in|with) the (?:next|upcoming|coming) "
    r"(?:release|version|update))\b",
)

# A leading condition ("If you upgrade today, ...") whose time words are not a promised date.
CONDITION = re.compile(
    r"^\W*(?:if|once|when|whenever|should|as soon as|after)\b[^,;]*,\s*"
    r"|\s(?:if|as long as|provided|unless)\b[^,;]*$",
)
# A statement about this customer's case ("your refund is approved") commits even without a promise verb,
# unless it only says what the customer can do, what may happen, or what happens under a condition.
ABOUT_CUSTOMER = any_of(r"\b(?:you|your|you're|you've|you'll)\b")
NOT_A_CLAIM = any_of(
    r"\byou(?:'d)? (?:can|could|may|might|would|need|needs|must|should|have to|want|wanted|like|wish|asked|requested|"
    r"mentioned|said|wrote|hoped|thought|expected|noticed|saw|were (?:hoping|asking|wondering|expecting|looking))\b",
    r"\b(?:if|unless|whenever|in case|once|when|who|which|whose|so that|so they|to request|to get|to claim)\b",
    r"^\W*(?:please |kindly |just )?(?:go|click|open|select|enter|use|apply|tap|visit|navigate|try|contact|"
    r"reply|send|"
    r"check|make sure|ensure|choose|request|submit|see|read|note|review|follow|sign|log|add|turn|set|find)\b",
    r"\b(?:request|requests|requested|question|questions|ticket|case|feedback|report)\b",
    r"\b(?:sorry|that sounds|sounds (?:exhausting|frustrating|awful|stressful|hard|difficult))\b",
)
# A clause that says "it's done" about something the clause before it names ("... return the $12, and it's
# already done"): it takes that clause's topic.
DONE_WITH_IT = any_of(
    r"\b(?:it's|it is|that's|that is|it has been|it was)\s+(?:all\s+|already\s+|now\s+|just\s+)*(?:done|been done|"
    r"handled|taken care of|sorted|processed|approved|arranged|on its way|gone through)\b",
    _SPEAKER + r"(?:'ve| have)?\s+(?:\w+\s+)?(?:done|processed|sorted|handled|arranged|approved|submitted|"
        r"issued|applied|"
    r"created|set up)\s+(?:it|that|this|them)\b",
)
QUESTION = re.compile(r"\?\W*$")
OPEN_QUESTION = any_of(r"\bwhether\b|\bif (?:we|i|they|you) (?:can|could|may|might|will be able to)\b")
NEGATED_CAPACITY = any_of(
    r"\b(?:can't|cannot|can not|couldn't|unable to|not able to|won't be able to|don't|do not|doesn't|am not|"
    r"'m not|not in a position to|no way to)\s+(?:\w+\s+)?(?:promise|guarantee|commit|confirm|offer|give|provide|"
    r"issue|process|refund|credit|approve|say|tell|know|share|predict|estimate|authori[sz]e|waive)\b",
    r"\b(?:don't|do not) (?:yet )?have (?:an? |any )?(?:estimate|date|eta|timeline|update|visibility|insight|"
    r"access|information|details|news)\b",
    r"\b(?:i|we)(?:'m| am| are|'re)? (?:unable|not able) to\b|\b(?:i|we) (?:can't|cannot|can not|won't be able to)\b",
)
HEDGE = any_of(
    r"\b(?:might|possibly|perhaps|probably|maybe|hopefully|likely|unlikely)\b|\bdepends? on\b",
    r"\bup to (?:the|your|our)\b|\bwould need to\b|\bnot sure\b|\b(?:try|aim|hope) to\b|\bdo (?:our|my) best\b",
    r"\bif (?:it is |it's )?approved\b|\beligib\w+",
)
# "may" as a hedge, matched case-sensitively on the original text so that the month "May" is not one.
MAY = re.compile(r"(?<![A-Za-z])may\b(?!\s+\d)")
POLICY = any_of(
    r"\b(?:according to|per|under|as (?:listed|described|stated|outlined|explained|noted|shown) (?:on|in)) "
    r"(?:our|the|your) (?:\w+ )?(?:polic(?:y|ies)|terms|sla|agreement|dpa|pricing|docs|documentation|article|page|"
    r"help center|guide|plan)\b",
    r"\bour (?:\w+ )?(?:polic(?:y|ies)|terms(?: of service)?|sla|agreement|dpa|documentation|docs|help center|"
    r"pricing page|trust page)\b[^.;]{0,60}?\b(?:states?|says|allows?|explains?|describes?|covers?|commits?|"
    r"provides?|requires?|specifies|lists?|notes|outlines?|sets? out|applies|apply)\b",
    r"\b(?:is|are) (?:listed|explained|described|outlined|detailed|covered|set out) (?:in|on)\b|"
    r"\bcan be (?:requested|submitted|claimed|found|downloaded|seen|reached|"
    r"viewed|applied|waived)\b|\bas (?:announced|communicated|stated|mentioned|noted|explained|described|"
    r"listed|outlined|"
    r"published)\b|\b(?:should|must|need to) be (?:requested|submitted|made|filed|claimed|sent)\b|"
    r"\bwhen approved\b|\b(?:is|are) (?:already |now |also )?available\b",
)
PRODUCT_RULE = any_of(
    r"\bunless (?:you|a|an|the)\b|\bautomatically\b",
    r"^\W*(?:if|when|once) you\b[^,]*,\s*you(?:'ll| will) (?:get|receive|see|be)\b",
    r"\b(?:your|the|an?|each|every) (?:monthly |next |annual |yearly |weekly )?(?:invoice|receipt|reminder|"
    r"notification|renewal|subscription|plan|trial|statement)s? will (?:be (?:sent|emailed|generated|issued|charged|"
    r"renewed|billed|created)|renew|expire|downgrade|convert|reset|end|auto-renew)\b",
    r"\bwill (?:show up|appear|be shown|be displayed|display)\b[^.;]*\bif\b",
    r"\b(?:is|are) (?:prorated|pro-rated|calculated|computed|determined|worked out) (?:based on|by|from|"
    r"according to|per|on|using)\b",
)
