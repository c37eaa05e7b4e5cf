"""Patterns the commitment finder uses: promise forms, topics per label, assertions and exclusions.

Three kinds of pattern decide a clause:
- promise forms say the writer commits: "we'll", "I've refunded", "I can offer", "I promise";
- topics say what about: money back (refund), discounts (credit), fees and terms (contract), ...;
- assertions are claims that commit by themselves: "you are entitled to", "your data is safe".
Exclusions (questions, "can't promise", hedges, quoted policy, hand-offs) cancel a clause.
All patterns are matched against lower-cased text whose curly apostrophes were made straight (matching
lower-cased text without re.IGNORECASE is two to three times faster), except MAY, which is given the
original text so that the month "May" is not read as the hedge "may".
"""

from __future__ import annotations

import re


def _rx(*parts: str) -> re.Pattern[str]:
    """Compile alternatives into one pattern for lower-cased text."""
    return re.compile("|".join(f"(?:{p})" for p in parts))


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
    r"see(?! to it)|email|notify|talk|loop|raise|flag|work on|try|do (?:our|my|what|everything|all)|help|walk|"
    r"be (?:happy|glad) to help)\b"
)
HANDOFF = re.compile(_HANDOFF)
DONE_FORM = _rx(
    _SPEAKER + r"\s*(?:'ve|have|'d|had)?\s+" + _ADVERBS + _GRANTED,
    _SPEAKER + r"\s*(?:'ve|have|has)\s+(?:give|refund|credit|add|extend|waive|apply|make|send|cancel|return)\b",
    r"^\W*(?:refund|credit|discount|fee waiver)s?\s+(?:has been\s+)?(?:processed|issued|applied|done|sent|approved)\b",
    r"\b(?:has|have) been\s+" + _ADVERBS + _GRANTED,
    r"\b(?:was|were)\s+" + _ADVERBS + r"(?:refunded|reimbursed|credited|waived|reversed|extended|voided|cancell?ed)\b",
    r"\b(?:now|already)\s+(?:has|have|includes?|shows?|reflects?)\b",
    r"\b(?:it's|it is|that's|that is)\s+(?:all\s+|already\s+|now\s+)*(?:done|been done|handled|taken care of)\b",
)
STRONG_FORM = _rx(
    r"\b(?:i'm|i am|we're|we are)\s+" + _ADVERBS + r"(?:happy to |glad to |going to )?(?:giving|adding|refunding"
    r"|reimbursing|crediting|waiving|extending|offering|issuing|sending you|applying|processing|throwing in"
    r"|cancell?ing|removing|dropping|upgrading|honou?ring|locking|covering|comping|switching|reversing|paying"
    r"|knocking|taking|bumping|granting)\b",
    _SPEAKER + r"\s+(?:also\s+|hereby\s+)?(?:give|offer|send|refund|credit|return|cancel|reimburse)\s+(?:you|your)\b"
    r"(?!\s+(?:\w+\s+)?(?:request|ticket|case|message|details|question|feedback|issue|email|info|information|report)\b)",
    r"\bhere(?:'s| is| are) (?:a|an|your|\d|\$|€|£|some|one|two|three)\b",
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
    r"\brest assured\b|\byou have (?:my|our) word\b|\bconsider it done\b|\bon the house\b|\bon us\b|\btrust me\b",
    r"\b(?:i'm|i am) (?:100%|100 percent|absolutely|completely|totally) (?:sure|certain)\b",
    r"\bguaranteed\b|\bpromise you\b|\b(?:i|we) (?:commit|pledge|undertake|vow) to\b",
    r"\bplease accept (?:this|these|a|an|our|my|\d|\$)|\b(?:don't|do not|no need to|needn't) (?:need to )?worry\b",
    r"\b(?:it's|it is|that's|that is|you're|you are|everything is) (?:all )?(?:sorted|taken care of|all set)\b",
)
_EVENT_SOON = (
    r"\b(?:ships?|arrives?|goes (?:live|out)|comes out|rolls out|launch(?:es)?|lands?|starts?|begins?|"
    r"is (?:out|released|launching|shipping|going live|"
    r"releasing|arriving|landing|rolling out)|are (?:launching|shipping|going live|releasing|arriving|rolling out))"
    r"\b[^.;]{0,40}\b(?:tomorrow|tonight|later today|next (?:week|month|quarter|sprint|monday|tuesday|wednesday|"
    r"thursday|friday)|this (?:afternoon|evening|week|month|quarter)|on (?:monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday))\b"
)
FUTURE_FORM = _rx(
    r"\byou(?:'ll| will| shall| should| are going to|'re going to)\s+" + _ADVERBS
    + r"(?:get|receive|see|have|be (?:refunded|credited|reimbursed|compensated|getting|receiving))\b",
    r"\byou(?:'re| are) getting\b|\bexpect (?:a|an|the|your)\b",
    r"\b(?:is|are|'s|'re) (?:\w+ly )?(?:coming|in the works|being (?:built|developed|worked on))\b",
    r"\bon (?:its|their) way\b",
    r"\b(?:is|are) being (?:refunded|credited|reversed|processed|issued|waived|fixed|patched|released|returned)\b",
    r"\bcoming soon\b|\b(?:i|we|they|team|engineers|developers)\s+(?:also\s+)?(?:plan|intend|aim) to\b",
    r"\b(?:am|are|is|'m|'re|'s)\s+(?:planning|intending) to\b",
    r"\b(?:is|are) (?:scheduled|planned|expected|due|set) (?:to|for|on|by|in)\b",
    r"\byou (?:won't|will not|don't|do not) (?:be charged|have to pay|need to pay|owe)\b",
    _EVENT_SOON,
    r"\bshould\s+(?:now\s+|also\s+)?(?:be|reach|arrive|appear|show|land|see|receive|get|have|hit)\b",
    r"\b(?:is|are|'s|'re|am|'m)\s+\w+ing\b[^.;]{0,60}\b(?:tomorrow|tonight|later today|next (?:week|month|quarter|"
    r"year|sprint|release|version|update)|this (?:afternoon|evening)|(?:in|with) the (?:next|upcoming|coming) "
    r"(?:release|version|update))\b",
)

TOPICS: dict[str, re.Pattern[str]] = {
    "refund": _rx(
        r"\brefund(?:s|ed|ing)?\b(?!\s+(?:request|polic|status|form|page|button|period|window|eligib|option))",
        r"\breimburs\w*|\bmoney back\b|\b(?:pay|paying|paid) (?:\w+ ){0,3}?back\b|\bmake refund\b|\bchargeback\b",
        r"\bmoney (?:will|is going to|should|shall)(?: be)?(?: back| return)",
        r"\brevers(?:e|ed|ing) (?:the |this |that |your |it|both |a )?(?:\w+ )?(?:charges?|payments?|transactions?)?",
        r"\b(?:charges?|payments?|transactions?)\s+(?:has been |have been |was |were |is |are )?(?:reversed|voided)",
        r"\breturn (?:the|your) (?:money|payment|funds)\b|\bsend you the money\b",
        r"\b(?:return|give back|send back|refund)\w*\s+(?:the\s+|your\s+)?(?:[$€£]\s?\d[\d.,]*|\d[\d.,]*\s?(?:dollars|"
        r"euros?|pounds|usd|eur|gbp))",
        r"\b(?:get|have|receive|see)\s+(?:\w+\s+){0,4}?(?:money|amount|payment|charges?|fees?|\$?\d[\d.,]*|"
        r"\d+\s+(?:dollars|euros?|pounds|usd|eur|gbp))\s+back\b|\bget (?:it|that|this) back\b",
        r"\bcredited back\b|\bcredit (?:it |that |this |the \w+ )?back\b",
        r"\b(?:returned|sent back|put back|paid back|credited back|go(?:es)? back) (?:to|on|onto|into) (?:your|the) "
        r"(?:original |\w+ )?(?:card|account|bank|payment method|statement|wallet)",
        r"\b(?:remov|undo|undid|cancel|void)\w* (?:the |that |this |your |both )?(?:duplicate |extra |incorrect |double |"
        r"wrong |second |last )?(?:charges?|payments?|transactions?)\b",
        r"\b(?:every|each) (?:cent|penny)\b|\b(?:cents?|pennies) back\b",
        r"\bback (?:on|to|in|into|onto) your (?:card|bank|statement|original payment method)\b",
    ),
    "credit": _rx(
        r"\bcredit(?:s|ed|ing)?\b(?!\s+(?:card|check|score|limit|back)|\s+\w+\s+back)",
        r"(?<![-\w])(?<!feel )free\b(?!\s+(?:to|of (?!charge)|plan|tier|up|version|account|edition|users?|trial)\b)",
        r"\bpay (?:nothing|zero|\$0)\b|\b(?:won't|will not|don't|do not|not) (?:have to |need to )?pay (?:anything |a thing )?"
        r"for (?:the |this |next |that )?(?:\w+ )?(?:months?|weeks?|years?|period|cycle|january|february|march|april|"
        r"may|june|july|august|september|october|november|december)\b",
        r"\b(?:invoice|bill)\s+(?:\w+\s+)?(?:has been |was |is )?(?:cancell?ed|voided|written off|zeroed)",
        r"\b(?:reduc|lower|deduct|cut|discount)\w*\s+(?:\w+\s+){0,3}?by\s+(?:[$€£]|\d)|\b(?:deduct|take|knock)\w*\s+"
        r"(?:[$€£]\s?\d[\d.,]*|\d+\s?%)",
        r"\b(?:\d+|one|two|three|four|six|a) (?:\w+ )?(?:months?|weeks?|years?) (?:without (?:payment|paying|charge)|"
        r"at no (?:cost|charge)|on us|on the house)\b|\bgift\w*\b|\bbonus\b",
        r"\b(?:not|n't|never)\s+(?:be\s+)?(?:billed|charged)\s+for\s+(?:the\s+|this\s+|next\s+|that\s+)?(?:\w+\s+)?"
        r"(?:months?|weeks?|years?|period|cycle|january|february|march|april|may|june|july|august|september|"
        r"october|november|december)\b",
        r"\b(?:cover|pay for|reimburse)\s+(?:\w+\s+){0,2}(?:fees|costs?|charges|expenses)\b",
        r"\bdiscount\w*|\b\d+\s?%\s?off\b|\b\d+ percent off\b|\bhalf[- ]price\b|\bcoupon|\bvoucher",
        r"\b(?:free|complimentary|bonus)\s+(?:\w+\s+)?(?:months?|weeks?|days?|year|upgrade|seats?|sends|credits?|"
        r"licen[cs]es?|period|access|plan|tier|trial)\b|\bmonths? free\b|\bcomplimentary\b",
        r"\bfree of charge\b|\bat no (?:extra |additional )?(?:cost|charge)\b|\bfor free\b|\bon the house\b|\bon us\b",
        r"\bcompensat\w*|\bmake up for\b|\bgoodwill\b|\bpromo(?:tional)? code\b|\bcode [a-z]*\d[a-z0-9]*\b",
        r"\bextend\w*\s+(?:\w+\s+){0,2}trial\b|\btrial\s+(?:is\s+|has been\s+)?extended\b|\bthrow(?:ing)? in\b",
        r"\b(?:invoice|bill|renewal)\s+will be (?:zero|free|\$0|half)",
        r"\bknock(?:ed|ing)? (?:\w+ ){0,3}off\b|\btake (?:\$\d[\d.,]*|\d+\s?%) off\b|\$\d[\d.,]* off\b",
        r"\bextra (?:free )?(?:months?|weeks?|days?)\b|\bupgrade you (?:for free|at no)",
    ),
    "contract": _rx(
        r"\bwaiv(?:e|ed|es|ing|er)\b",
        r"\b(?:no|without(?: any| a)?|free of)\s+(?:\w+[- ]){0,2}(?:fees?|penalt(?:y|ies))\b",
        r"\b(?:not|no|never|won't|will not)\s+(?:be\s+)?(?:charg\w*|take|bill\w*|collect\w*|apply)\s+(?:you\s+)?"
        r"(?:\w+\s+){0,3}(?:fees?|penalt\w+|contract)",
        r"\bat (?:the|a|your|our) (?:same |old |current |lower |discounted |reduced |\w+ly |\w+ )?(?:price|rate|pricing)\b",
        r"\b(?:fees?|penalt\w+|charges|surcharges?|overages?)\s+(?:\w+\s+){0,4}?(?:is|are|was|were|has been|have been)\s+"
        r"(?:now\s+)?(?:gone|removed|dropped|cancell?ed|waived|written off)\b",
        r"\b(?:doesn't|does not|won't|will not|shall not|no longer) apply to (?:you|your)\b",
        r"\b(?:release|let) you (?:out of|from) (?:the |your )?(?:contract|agreement|term|commitment)\b",
        r"\bexempt\w* (?:you |your \w+ )?from\b|\bprice increase\b",
        r"\b(?:price|rate|pricing)\s+(?:is |will be |stays |remains |will stay )?(?:locked|frozen|guaranteed)",
        r"\b(?:lock|freeze|keep|honou?r|maintain|preserve|guarantee)(?:ed|ing|s)?(?: in)?\s+(?:\w+\s+){0,3}"
        r"(?:price|pricing|rate|terms|discount)\b",
        r"\bwithout (?:paying|any (?:extra )?charge|a charge|charge)\b|\bfree to (?:leave|cancel|end|terminate|exit)\b",
        r"\b(?:fees?|penalt(?:y|ies)|surcharges?|charges?) (?:won't|will not|no longer|doesn't|does not|shall not) "
        r"(?:apply|be charged|be applied|be due)\b",
        r"\b(?:minimum term|notice period|lock-?in period|commitment period|early termination)\b",
        r"\b(?:old|previous|legacy|former|original|grandfathered|current|existing) (?:\w+ )?(?:pricing|price|rate|terms)\b",
        r"\bkeep\b[^.;]{0,40}\b(?:forever|for life|for as long as)|\bgrandfather\w*",
        r"\b(?:contract|agreement)\b|\b(?:amend|change|modify)\w* (?:your |the )?terms\b",
        r"\bswitch (?:you|your (?:account|plan|subscription)) to (?:monthly|annual|yearly)",
        r"\bdrop (?:the )?(?:remaining |outstanding )?(?:\w+ )?balance\b|\b(?:this|last) year's (?:price|rate)",
        r"\b(?:don't|do not|won't|will not) (?:have to |need to )?(?:pay|owe)\b",
    ),
    "legal": _rx(r"\b(?:gdpr|hipaa|ccpa|soc ?2|pci|ferpa|coppa|compliance|compliant|lawful)\b"),
    "security": _rx(
        r"\b(?:secure|safe|protected|breach\w*(?! of)|hack\w*|attackers?|intruders?|vulnerabilit\w*|exploit|leak\w*)\b",
        r"\b(?:compromis\w*|unauthori[sz]ed|malware|phish\w*|privacy|private|encrypt\w*|intrusions?|attacks?|"
        r"threats?|ransomware|virus)\b",
    ),
}
_NOT_A_FEATURE = r"(?!\s+(?:you|your|it|this|that|them|a note|a comment|an? \$|\$|\d))"
ROADMAP_FEATURE = _rx(
    r"\b(?:add|build|ship|launch|release|support|introduce|roll out|implement|develop|be adding|be supporting|"
    r"be building|be launching|be releasing|be rolling out|be shipping|be introducing|be lifted|be removed|"
    r"be available (?:for|on|in|to|soon)|become available|be able to use|"
    r"be out|come out|comes out|be (?:added|introduced|released) to (?:the|our) (?!ticket|request|list|queue|"
    r"account|invoice)\w+)\b" + _NOT_A_FEATURE,
)
RELEASE = _rx(
    r"\b(?:next|upcoming|coming|future|new|following|later) (?:\w+ )?(?:release|version|update|sprint|build|patch)\b",
    r"\b(?:tomorrow|today|tonight|next week|this week|\w+day)'s (?:release|update|version|build|deploy)\b",
    r"\bversion \d|\bv\d+\.\d|\b(?:in|into|on|with) (?:our|the) (?:[\w.]+ )?(?:release|roadmap)\b",
)
ROADMAP_COMING = _rx(
    r"\b(?:is|are|'s|'re) (?:\w+ly )?(?:coming|on (?:the|its|their) way|in the works|being (?:built|developed|worked "
    r"on))\b",
    r"\bcoming soon\b|\b(?:is|are|'s|'re) (?:now |already )?(?:on|in) (?:our|the) (?:\w+ )?roadmap\b",
    r"\b(?:is|are|'s|'re) (?:launching|shipping|releasing|rolling out|going live)\b",
    r"\b(?:is|are) (?:scheduled|planned|set) (?:for|to (?:ship|launch|be released))\b",
    r"\b(?:is|are) (?:\w+ )?(?:in the pipeline|in development|under development|in beta)\b",
)
# A feature named as the thing that is coming ("the feature will ...", "will make the integration").
_FEATURE = r"(?:features?|functionality|integrations?|support for \w+|ability to \w+)"
FEATURE_NOUN = _rx(
    rf"\b{_FEATURE}\s+(?:[\w'-]+\s+){{0,4}}?(?:will|'ll|is going to|are going to)\s+(?:be\s+)?(?:come|arrive|ship|"
    r"launch|available|added|released|ready|live|out)\b",
    r"\b(?:will|'ll|going to|gonna)\s+(?:\w+\s+)?(?:make|build|create|add|develop|release|ship|launch|bring|get)\s+"
    rf"(?:the\s+|a\s+|an\s+|this\s+|that\s+|your\s+)?(?:new\s+)?(?:[\w'-]+\s+){{0,3}}?{_FEATURE}\b",
)

_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)"
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_COUNT = r"(?:\d+(?:\s*[-–]\s*\d+)?|a|an|one|two|three|four|five|six|seven|ten|few|couple of|several)"
DEADLINE = _rx(
    r"\b(?:by|before|until|till|no later than)\s+(?:the\s+)?(?:end of (?:the )?(?:day|week|month|business day)|eod|"
    rf"tomorrow|tonight|today|noon|midnight|{_DAY}|\d{{1,2}}(?:st|nd|rd|th)|\d{{1,2}}(?::\d\d)?\s?(?:am|pm)|{_MONTH}|"
    r"next \w+|this (?:week|weekend|afternoon|evening|morning)|the (?:holidays|weekend|deadline|launch)|christmas|"
    r"new year|your (?:\w+ )?(?:date|deadline|launch|go-live|renewal)|the (?:\w+ )?(?:deadline|go-live))\b",
    r"\b(?:within|in)\s+(?:the\s+)?(?:next\s+)?(?:roughly\s+|about\s+|around\s+|approximately\s+|less than\s+|"
    r"under\s+|just\s+|only\s+)?" + _COUNT + r"\s+(?:\w+\s+)?(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\b",
    r"\b(?:from|starting|as of|effective) (?:midnight|tomorrow|tonight|today|monday|tuesday|wednesday|thursday|friday|"
    r"next \w+|the \d{1,2}(?:st|nd|rd|th))\b|\bovernight\b|\bby (?:lunch(?:time)?|the morning|this evening)\b",
    r"\b(?:end|close) of (?:the )?business\b|\b(?:eob|cob)\b|\bin the coming (?:days|hours)\b",
    r"\b(?:by|before) (?:the )?end of (?:your |the |this |today's )?(?:\w+ )?(?:day|week|shift)\b|"
    r"\b(?:before|by) your (?:\w+ ){0,2}(?:meeting|call|demo|launch|event|presentation|deadline|trip|appointment|"
    r"go-live|flight)\b|\bthis (?:afternoon|evening|morning)\b|\b(?:over|during) the (?:weekend|holidays|night)\b|"
    r"\b(?:within|in) the next (?:hour|day|week|few|couple)\b|\bwithin (?:the|this) (?:hour|day|week)\b",
    r"\b(?:today|tonight|tomorrow|right away|straight away|straightaway|immediately|end of (?:the )?day|eod)\b",
    rf"\b(?:on|next|this coming)\s+{_DAY}\b|\bon (?:the )?\d{{1,2}}(?:st|nd|rd|th)\b|\bon {_MONTH} \d",
    r"\b(?:at|around) (?:\d{1,2}(?::\d\d)?\s?(?:am|pm)|noon|midnight)\b|\bat the latest\b",
)
PERIOD = _rx(
    r"\b(?:next|this|later this|early next|end of this|coming) (?:week|month|quarter|year|sprint|cycle|spring|"
    r"summer|fall|autumn|winter)\b|\bby the end of (?:the|this) (?:month|quarter|year)\b",
    r"\b(?:by|in|over|during|before) (?:the )?(?:spring|summer|fall|autumn|winter)\b|\bin the coming (?:weeks|months)\b",
    rf"\bq[1-4]\b|\b(?:in|by|before|during|until) (?:early |mid-?|late |the end of )?{_MONTH}\b",
    rf"\b(?:in|into|for) (?:our|the) {_MONTH} (?:release|update|version)\b",
    rf"\bwithin (?:the\s+)?(?:next\s+)?{_COUNT}\s+months?\b|\bwithin (?:the|this) (?:month|quarter)\b",
)

ASSERTIONS: dict[str, re.Pattern[str]] = {
    "legal": _rx(
        r"\bentitled to\b|\bha(?:ve|s) (?:the |a |every )?(?:legal )?right to\b",
        r"\b(?:liable|liability|liabilities)\b|\blegally\b|\bunenforceable\b|\bnot enforceable\b",
        r"\bresponsible for (?:the |any |all |your )?(?:\w+ )?(?:damages?|loss(?:es)?|costs?|harm)\b",
        r"\b(?:unlawful|illegal)(?:ly)?\b|\bnull and void\b|\bnot allowed to (?:charge|bill|keep)\b",
        r"\b(?:gdpr|hipaa|ccpa|soc ?2|pci(?:[- ]dss)?|iso ?27001|ferpa|coppa)[- ]compliant\b|\bcompliant with\b",
        r"\b(?:fully|completely|100%) compliant\b",
        r"\bmeets?\b[^.;]{0,40}\b(?:hipaa|gdpr|ccpa|soc ?2|pci|legal|regulatory|compliance)\b[^.;]{0,20}"
        r"\b(?:requirements?|standards?|obligations?)\b",
        r"\b(?:under|according to) (?:the |eu |us |uk |consumer |local |your |state |federal |applicable )*"
        r"(?:law|laws|regulations?|legislation)\b",
        r"\bdoes(?: not|n't) count as (?:a )?(?:data )?breach\b|\bno (?:legal )?obligation to\b",
        r"\blegal(?:ly)? (?:responsib\w+|liab\w+|obligat\w+|required|bound|entitled)\b|\bare legally owed\b",
        r"\b(?:accept|take|carry|carries|bear|bears|assume) (?:full |all |the )?(?:legal )?(?:responsibility|blame)\b",
        r"\bbreach of (?:our|the|your|this) (?:sla|contract|agreement|terms)\b",
        r"\bviolat\w*\s+(?:\w+\s+){0,3}(?:law|laws|regulations?|rights|gdpr|hipaa|ccpa|act|directive)\b",
        r"\b(?:against|breaks?|breaking) (?:the )?law\b|\bconsumer (?:law|rights|protection)\b",
        r"\bby law\b|\bthe law (?:requires|says|allows|protects|entitles)\b|\bwithin your (?:legal )?rights\b",
        r"\b(?:not |legally )binding\b|\bnot bound by\b|\bstatutory\b",
        r"\bmeets?\s+(?:all\s+|every\s+|the\s+)*(?:\w+\s+){0,2}(?:requirements?|standards?|obligations?)\s+(?:of|under|in|"
        r"set by)\s+(?:the\s+)?(?:\w+\s+){0,4}(?:act|law|regulation|directive|gdpr|hipaa|ccpa)\b|\bcompl(?:y|ies) with\b",
    ),
    "security": _rx(
        r"\b(?:your|the|all|our|customer|personal|client)\s+(?:\w+\s+){0,2}(?:data|files?|account|accounts|"
        r"passwords?|information|info|contacts|card details|details|records|backups?|documents|workspace)\s+"
        r"(?:is|are|was|were|remains?|stays?|will (?:be|stay|remain)|has been|have been)\s+(?:\S+\s+){0,2}"
        r"(?:safe|secure|protected|intact|private|not (?:been )?(?:accessed|breached|compromised|exposed|leaked|"
        r"seen|affected|stolen|lost|shared)|never (?:been )?(?:accessed|breached|compromised|exposed|leaked|seen|"
        r"stored|shared))\b",
        r"\bno\s+(?:\w+\s+){0,2}(?:data|files?|information|contacts|passwords?|records|details|accounts?)\s+"
        r"(?:was|were|has been|have been|got)\s+(?:\w+\s+)?(?:accessed|breached|compromised|exposed|leaked|seen|"
        r"affected|stolen|lost|included|downloaded|shared)\b",
        r"\b(?:nobody|no one|no-one|no other (?:person|user|company)|no third part\w+)\b[^.;]{0,30}\b(?:access\w*|"
        r"see|seen|view\w*|read|get (?:in|into|to|at)|reach|steal|stole|download\w*|hack\w*|break into|open)\b",
        r"\bnot\s+(?:been\s+)?(?:seen|accessed|viewed|downloaded|opened)\s+by\s+any(?:one|body)\b",
        r"\b(?:attacker|hacker|intruder)s?\s+(?:did not|didn't|could not|couldn't|can ?not|can't|never|won't)\s+"
        r"(?:\w+\s+)?(?:download|access|see|get|steal|read|view|reach|break)",
        r"\b(?:can't|cannot|could not|couldn't) have (?:been )?(?:leaked|accessed|exposed|stolen|seen)\b",
        r"\b(?:did not|didn't|was not|wasn't|were not|weren't|has not|hasn't|have not|haven't|never|will not|won't)"
        r"\s+(?:been\s+)?(?:expose|affect|leak|reveal|compromise|include|touch|access|share|sell|disclose)\w*\s+"
        r"(?:any\s+)?(?:of\s+)?(?:your\s+|the\s+)?(?:\w+\s+)?(?:data|information|info|details|passwords?|records|"
        r"files|contacts|accounts?)\b",
        r"\b(?:data|information|info|details|passwords?|records|files|contacts)\s+(?:will|would|can|could)\s+"
        r"(?:never|not)\s+be\s+(?:shared|sold|disclosed|accessed|seen|exposed|leaked|read)\b",
        r"\b(?:attack|intrusion|attempt|login|access|threat)s?\s+(?:was|were|has been|have been)\s+(?:successfully\s+)?"
        r"(?:blocked|stopped|contained|prevented|neutrali[sz]ed)\b",
        r"\b(?:not|never|n't)\s+(?:been\s+|be\s+)?(?:hacked|breached|compromised|exposed|leaked|stolen|intercepted|"
        r"infected)\b",
        r"\b(?:no|none of (?:your|the))\s+(?:\w+\s+){0,3}?(?:was|were|has been|have been|got)\s+(?:\w+\s+)?"
        r"(?:accessed|breached|compromised|exposed|leaked|seen|read|viewed|stolen|lost|downloaded|shared|affected|"
        r"included|copied)\b",
        r"\b(?:not|never|no longer)\s+(?:been\s+)?(?:at|under) (?:any )?risk\b|\bno (?:longer )?(?:at )?risk\b",
        r"\bno (?:evidence|sign|signs|indication|trace) of (?:any )?(?:\w+ )?(?:access|activity|breach|compromise|"
        r"intrusion|leak|exposure)\b|\b(?:never|don't|do not|won't|will not) (?:ever )?(?:sell|share|disclose) your\b",
        r"\b(?:data|information|files|account|details)\s+(?:\w+\s+){0,2}(?:remains?|stays?|is|are)\s+(?:\w+\s+)?"
        r"(?:private|confidential|in good hands)\b",
        r"\bunhackable\b|\bhack-?proof\b|\bimpossible to hack\b|\b100\s?(?:%|percent) (?:secure|safe)\b",
        r"\byou(?:'re| are) (?:now |completely |totally |fully )?(?:safe|protected)\b",
    ),
    "contract": _rx(
        r"\b(?:price|rate|pricing)\s+(?:is|stays|remains|will (?:stay|remain|be))\s+(?:locked|frozen|guaranteed)",
        r"\bkeep\b[^.;]{0,40}\b(?:forever|for life|for as long as)\b|\bgrandfathered\b",
        r"\byou(?:'re| are) (?:now )?free to (?:leave|cancel|end|terminate|exit)\b",
    ),
}
GUARANTEE_CUE = _rx(
    r"\bguarantee\w*|\bpromise\w*|\b100\s?(?:%|percent)(?! of| complete| done| finished)(?=\s+\w)|\bnever\b|\balways\b|\bevery (?:single )?time\b",
    r"\bperfectly\b|\bfor good\b|\bno matter what\b|\bdefinitely\b|\bcertainly\b|\bsurely\b|\bfor sure\b",
    r"\bmy word\b|\bwithout fail\b|\bforever\b|\banymore\b|\bagain\b|\bconsider it done\b|\btrust me\b",
    r"\bwithout (?:any )?(?:problems?|issues?|fail|a hitch|hiccups?|errors?)\b|\bonce and for all\b|\bpermanently\b",
    r"\bcount on\b|\brely on\b|\btake my word\b|\bno doubt\b|\bzero (?:downtime|issues|problems|errors)\b",
)

# A leading condition ("If you upgrade today, ...") whose time words are not a promised date.
CONDITION = re.compile(
    r"^\W*(?:if|once|when|whenever|should|as soon as|after)\b[^,;]*,\s*"
    r"|\s(?:if|once|when|as long as|provided)\b[^,;]*$",
)
# Credit words that only say "without charge": with a fee or a contract they mean a waived fee.
NO_CHARGE = _rx(r"\bfree of charge\b|\bat no (?:extra |additional )?(?:cost|charge)\b|\bfor free\b")
NO_ENTITLEMENT = _rx(r"\bnot entitled\b|\bno (?:legal )?right\b|\bnot (?:be )?owed\b")
# A statement about this customer's case ("your refund is approved") commits even without a promise verb,
# unless it only says what the customer can do, what may happen, or what happens under a condition.
ABOUT_CUSTOMER = _rx(r"\b(?:you|your|you're|you've|you'll)\b")
NOT_A_CLAIM = _rx(
    r"\byou(?:'d)? (?:can|could|may|might|would|need|needs|must|should|have to|want|wanted|like|wish|asked|requested|"
    r"mentioned|said|wrote|hoped|thought|expected|noticed|saw|were (?:hoping|asking|wondering|expecting|looking))\b",
    r"\b(?:if|unless|whenever|in case|once|when|who|which|whose|so that|so they|to request|to get|to claim)\b",
    r"^\W*(?:please |kindly |just )?(?:go|click|open|select|enter|use|apply|tap|visit|navigate|try|contact|reply|send|"
    r"check|make sure|ensure|choose|request|submit|see|read|note|review|follow|sign|log|add|turn|set|find)\b",
    r"\b(?:request|requests|requested|question|questions|ticket|case|feedback|report)\b",
)
# A clause that says "it's done" about something the clause before it names ("... return the $12, and it's
# already done"): it takes that clause's topic.
DONE_WITH_IT = _rx(
    r"\b(?:it's|it is|that's|that is|it has been|it was)\s+(?:all\s+|already\s+|now\s+|just\s+)*(?:done|been done|"
    r"handled|taken care of|sorted|processed|approved|arranged|on its way|gone through)\b",
    _SPEAKER + r"(?:'ve| have)?\s+(?:\w+\s+)?(?:done|processed|sorted|handled|arranged|approved|submitted|issued|applied|"
    r"created|set up)\s+(?:it|that|this|them)\b",
)
QUESTION = re.compile(r"\?\W*$")
OPEN_QUESTION = _rx(r"\bwhether\b|\bif (?:we|i|they|you) (?:can|could|may|might|will be able to)\b")
NEGATED_CAPACITY = _rx(
    r"\b(?:can't|cannot|can not|couldn't|unable to|not able to|won't be able to|don't|do not|doesn't|am not|"
    r"'m not|not in a position to|no way to)\s+(?:\w+\s+)?(?:promise|guarantee|commit|confirm|offer|give|provide|"
    r"issue|process|refund|credit|approve|say|tell|know|share|predict|estimate|authori[sz]e|waive)\b",
    r"\b(?:don't|do not) (?:yet )?have (?:an? |any )?(?:estimate|date|eta|timeline|update)\b",
)
HEDGE = _rx(
    r"\b(?:might|possibly|perhaps|probably|maybe|hopefully|likely|unlikely)\b|\bdepends? on\b",
    r"\bup to (?:the|your|our)\b|\bwould need to\b|\bnot sure\b|\b(?:try|aim|hope) to\b|\bdo (?:our|my) best\b",
    r"\bif (?:it is |it's )?approved\b|\beligib\w+",
)
# "may" as a hedge, matched case-sensitively on the original text so that the month "May" is not one.
MAY = re.compile(r"(?<![A-Za-z])may\b(?!\s+\d)")
POLICY = _rx(
    r"\b(?:according to|per|under|as (?:listed|described|stated|outlined|explained|noted|shown) (?:on|in)) "
    r"(?:our|the) (?:\w+ )?(?:polic(?:y|ies)|terms|sla|agreement|dpa|pricing|docs|documentation|article|page|"
    r"help center|guide|plan)\b",
    r"\bour (?:\w+ )?(?:polic(?:y|ies)|terms(?: of service)?|sla|agreement|dpa|documentation|docs|help center|"
    r"pricing page|trust page)\b[^.;]{0,60}?\b(?:states?|says|allows?|explains?|describes?|covers?|commits?|"
    r"provides?|requires?|specifies|lists?|notes|outlines?|sets? out|applies|apply)\b",
    r"\b(?:is|are) (?:listed|explained|described|outlined|detailed|covered|set out) (?:in|on)\b|\bcan be (?:requested|submitted|claimed|found|downloaded|seen|reached|"
    r"viewed|applied|waived)\b|\b(?:should|must|need to) be (?:requested|submitted|made|filed|claimed|sent)\b|\bwhen approved\b|\b(?:is|are) (?:already |now |also )?available\b",
)
PRODUCT_RULE = _rx(
    r"\bunless (?:you|a|an|the)\b|\bautomatically\b",
    r"^\W*(?:if|when|once) you\b[^,]*,\s*you(?:'ll| will) (?:get|receive|see|be)\b",
    r"\b(?:your|the|an?|each|every) (?:monthly |next |annual |yearly |weekly )?(?:invoice|receipt|reminder|"
    r"notification|renewal|subscription|plan|trial|statement)s? will (?:be (?:sent|emailed|generated|issued|charged|"
    r"renewed|billed|created)|renew|expire|downgrade|convert|reset|end|auto-renew)\b",
)
# The nouns that name a contract without saying its terms changed.
CONTRACT_NOUN = _rx(r"\b(?:contract|agreement)\b")
