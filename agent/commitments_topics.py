"""Topic words per commitment label, claims that commit by themselves, and time expressions.

Topics say what a promise is about: money back (refund), discounts and free time (credit), fees and
terms (contract), features in a release (roadmap), safety of data (security). Assertions are claims
that commit without a promise verb: "you are entitled to", "your data was not accessed", "your price
is locked". DEADLINE and PERIOD find promised dates; GUARANTEE_CUE finds absolute words. Matched
against lower-cased text, like `commitments_forms`.
"""

from __future__ import annotations

import re

from agent.commitments_forms import Gated, any_of, gated

TOPICS: dict[str, re.Pattern[str] | Gated] = {
    "refund": any_of(
        r"\brefund(?:s|ed|ing)?\b(?!\s+(?:request|polic|status|form|page|button|period|window|eligib|option))",
        r"\breimburs\w*|\bmoney back\b|\b(?:pay|paying|paid) (?:\w+ ){0,3}?back\b|\bmake refund\b|\bchargeback\b",
        r"\bmoney (?:will|is going to|should|shall)(?: be)?(?: back| return)",
        r"\brevers(?:e|ed|ing) (?:the |this |that |your |it|both |a )?(?:\w+ )?(?:charges?|payments?|transactions?)?",
        r"\b(?:charges?|payments?|transactions?)\s+(?:has been |have been |was |were |is |are )?(?:reversed|voided)",
        r"\breturn (?:the|your) (?:money|payment|funds)\b|\bsend you the money\b|\bmoney return\w*\b|"
        r"\breturn you (?:the|your) (?:money|payment|funds|amount|fees?)\b",
        r"\b(?:give|giving|send|sending|transfer\w*) (?:you )?(?:your |the |all the |all your )?money\b",
        r"\b(?:return|give back|send back|refund)\w*\s+(?:the\s+|your\s+)?(?:[$€£]\s?\d[\d.,]*|"
        r"\d[\d.,]*\s?(?:dollars|"
        r"euros?|pounds|usd|eur|gbp))",
        r"\b(?:get|have|receive|see)\s+(?:\w+\s+){0,4}?(?:money|amount|payment|charges?|fees?|\$?\d[\d.,]*|"
        r"\d+\s+(?:dollars|euros?|pounds|usd|eur|gbp))\s+back\b|\bget (?:it|that|this) back\b",
        r"\bcredited back\b|\bcredit (?:it |that |this |the \w+ )?back\b",
        r"\b(?:returned|sent back|put back|paid back|credited back|go(?:es)? back|reflect(?:s|ed)? back|"
        r"come(?:s)? back|be back|appear(?:s)? back) (?:to|on|onto|into|in) (?:your|the) "
        r"(?:original |\w+ )?(?:card|account|bank|payment method|statement|wallet|balance)",
        r"\brevert\w* (?:the |your |this |that |all )?(?:\w+ )?(?:amount|money|payment|charges?|funds|fees?|sum)\b",
        r"\b(?:remov|undo|undid|cancel|void)\w* (?:the |that |this |your |both )?(?:duplicate |extra |"
        r"incorrect |double |"
        r"wrong |second |last )?(?:charges?|payments?|transactions?)\b",
        r"\b(?:every|each) (?:cent|penny)\b|\b(?:cents?|pennies) back\b",
        r"\b(?:charges?|payments?|transactions?)\s+(?:\w+\s+){0,2}?(?:is|are|has been|have been|was|were)\s+(?:now\s+)?"
        r"(?:gone|removed|undone|cancell?ed|dropped)\b",
        r"\b(?:coming|going|sent|paid|transferred|returned|heading|flowing) back to you\b",
        r"\b(?:send|sent|give|gave|pay|paid|transfer\w*)\s+back\s+(?:your|the)\s+(?:money|payment|funds|amount)\b",
        r"\b(?:payments?|money|funds?|amount|charges?|deposit|fees?)\s+(?:\w+\s+){0,2}?(?:will be |has been |"
        r"have been |was |"
        r"were |is being |are being )(?:\w+ly )?(?:returned|refunded|reimbursed|sent back|paid back|"
        r"credited back|repaid)\b",
        r"\bback (?:on|to|in|into|onto) your (?:card|bank|statement|original payment method)\b",
    ),
    "credit": any_of(
        r"\bcredit(?:s|ed|ing)?\b(?!\s+(?:card|check|score|limit|back)|\s+\w+\s+back)",
        r"(?<![-\w])(?<!feel )free\b(?!\s+(?:to|of (?!charge)|plan|tier|up|version|account|edition|users?|trial)\b)",
        r"\bpay (?:nothing|zero|\$0)\b|\b(?:won't|will not|don't|do not|not) (?:have to |"
        r"need to )?pay (?:anything |a thing )?"
        r"for (?:the |this |next |that )?(?:\w+ )?(?:months?|weeks?|years?|period|cycle|january|february|march|april|"
        r"may|june|july|august|september|october|november|december)\b",
        r"\b(?:invoice|bill)\s+(?:\w+\s+)?(?:has been |was |is )?(?:cancell?ed|voided|written off|zeroed)",
        r"\b(?:reduc|lower|deduct|cut|discount)\w*\s+(?:\w+\s+){0,3}?by\s+(?:[$€£]|\d)|\b(?:deduct|take|knock)\w*\s+"
        r"(?:[$€£]\s?\d[\d.,]*|\d+\s?%)",
        r"\b(?:\d+|one|two|three|four|six|a) (?:\w+ )?(?:months?|weeks?|years?) (?:without (?:payment|paying|charge)|"
        r"at no (?:cost|charge)|on us|on the house)\b|\bgift\w*\b|\bbonus\b",
        r"\b(?:not|n't|never)\s+(?:be\s+)?(?:billed|charged)\s+for\s+(?:the\s+|this\s+|next\s+|that\s+)?(?:\w+\s+)?"
        r"(?:months?|weeks?|years?|days?|hours?|downtime|outage|period|cycle|january|february|march|april|may|june|july|august|september|"
        r"october|november|december)\b",
        r"\b(?:cover|pay for)\s+(?:\w+\s+){0,2}(?:fees|costs?|charges|expenses)\b",
        r"\bdiscount\w*|\b\d+\s?%\s?off\b|\b\d+ percent off\b|\bhalf[- ]price\b|\bcoupon|\bvoucher",
        r"\b(?:free|complimentary|bonus)\s+(?:\w+\s+)?(?:months?|weeks?|days?|year|upgrade|seats?|sends|credits?|"
        r"licen[cs]es?|period|access|plan|tier|trial)\b|\bmonths? free\b|\bcomplimentary\b",
        r"\bfree of charge\b|\bat no (?:extra |additional )?(?:cost|charge)\b|\bfor free\b|\bon the house\b|"
        r"(?<!count )(?<!rely )(?<!depend )(?<!counting )\bon us\b",
        r"\bcompensat\w*|\bmake up for\b|\b(?:a little |something )extra\b|"
        r"\bgoodwill\b|\bpromo(?:tional)? code\b|\bcode [a-z]*\d[a-z0-9]*\b",
        r"\bextend\w*\s+(?:\w+\s+){0,2}trial\b|\btrial\s+(?:is\s+|has been\s+)?extended\b|\bthrow(?:ing)? in\b",
        r"\b(?:invoice|bill|renewal)\s+will be (?:zero|free|\$0|half)",
        r"\bknock(?:ed|ing)? (?:\w+ ){0,3}off\b|\btake (?:\$\d[\d.,]*|\d+\s?%) off\b|\$\d[\d.,]* off\b",
        r"\bextra (?:free )?(?:months?|weeks?|days?)\b|\bupgrade you (?:for free|at no)",
    ),
    "contract": any_of(
        r"\bwaiv(?:e|ed|es|ing|er)\b",
        r"\b(?:no|without(?: any| a)?|free of)\s+(?:\w+[- ]){0,2}(?:fees?|penalt(?:y|ies))\b",
        r"\b(?:not|no|never|won't|will not)\s+(?:be\s+)?(?:charg\w*|take|bill\w*|collect\w*|apply)\s+(?:you\s+)?"
        r"(?:\w+\s+){0,3}(?:fees?|penalt\w+|contract)",
        r"\bat (?:the|a|your|our) (?:same |old |current |lower |discounted |reduced |\w+ly |\w+ )?(?:price|"
        r"rate|pricing)\b",
        r"\b(?:fees?|penalt\w+|charges|surcharges?|overages?)\s+(?:\w+\s+){0,4}?(?:is|are|was|were|has been|"
        r"have been)\s+"
        r"(?:now\s+)?(?:gone|removed|dropped|cancell?ed|waived|written off)\b",
        r"\b(?:doesn't|does not|won't|will not|shall not|no longer) apply to (?:you|your)\b",
        r"\b(?:release|let) you (?:out of|from) (?:the |your )?(?:contract|agreement|term|commitment)\b",
        r"\bexempt\w* (?:you |your \w+ )?from\b|\bprice increase\b|\blocked in\b",
        r"\b(?:stay|stays|remain|remains|be kept|kept) at [$€£]\s?\d",
        r"\b(?:remov|drop|cancel|waiv|eliminat)\w* (?:the |your |any |all |that |"
        r"this )?(?:\w+[- ]){0,2}(?:fees?|penalt\w+|"
        r"surcharges?)\b",
        r"\b(?:price|rate|pricing)\s+(?:is |will be |stays |remains |will stay )?(?:locked|frozen|guaranteed)",
        r"\b(?:lock|freeze|keep|honou?r|maintain|preserve|guarantee)(?:ed|ing|s)?(?: in)?\s+(?:\w+\s+){0,3}"
        r"(?:price|pricing|rate|terms|discount)\b",
        r"\bwithout (?:paying|any (?:extra )?charge|a charge|charge)\b|\bfree to (?:leave|cancel|end|"
        r"terminate|exit)\b",
        r"\b(?:fees?|penalt(?:y|ies)|surcharges?|charges?) (?:won't|will not|no longer|doesn't|does not|shall not) "
        r"(?:apply|be charged|be applied|be due)\b",
        r"\b(?:minimum term|notice period|lock-?in period|commitment period|early termination)\b",
        r"\b(?:old|previous|legacy|former|original|grandfathered|current|existing) (?:\w+ )?(?:pricing|price|"
        r"rate|terms)\b",
        r"\bkeep\b[^.;]{0,40}\b(?:forever|for life|for as long as)|\bgrandfather\w*",
        r"\b(?:price|pricing|rate|fee|subscription cost)\b[^.;]{0,40}\b(?:forever|for life|same|"
        r"(?:will not|won't|never|not) (?:\w+ )?(?:increase|go up|rise|change))\b",
        r"\b(?:contract|agreement)\b|\b(?:amend|change|modify)\w* (?:your |the )?terms\b",
        r"\b(?:msa|sow|order form|payment terms|net \d+|minimum (?:\w+ )?(?:commitment|term|spend))\b",
        r"\b(?:amend|modify|rewrite|redline)\w* (?:the |your |our )?(?:\w+ )?(?:terms|msa|sow|order form|dpa)\b",
        r"\bswitch (?:you|your (?:account|plan|subscription)) to (?:monthly|annual|yearly)",
        r"\bdrop (?:the )?(?:remaining |outstanding )?(?:\w+ )?balance\b|\b(?:this|last) year's (?:price|rate)",
        r"\b(?:don't|do not|won't|will not) (?:have to |need to )?(?:pay|owe)\b",
    ),
    "legal": any_of(r"\b(?:gdpr|hipaa|ccpa|soc ?2|pci|ferpa|coppa|compliance|compliant|lawful)\b"),
    "security": any_of(
        r"\b(?:secure|safe|protected|breach\w*(?! of)|hack\w*|attackers?|intruders?|vulnerabilit\w*|exploit|"
        r"leak\w*)\b",
        r"\b(?:compromis\w*|unauthori[sz]ed|malware|phish\w*|privacy|private|encrypt\w*|intrusions?|attacks?|"
        r"threats?|ransomware|virus)\b",
    ),
}
_NOT_A_FEATURE = r"(?!\s+(?:you|your|it|this|that|them|a note|a comment|an? \$|\$|\d))"
ROADMAP_FEATURE = any_of(
    r"(?<!your )(?<!the )(?<!our )(?<!a )(?<!this )"
    r"\b(?:add(?:s|ing)?|build(?:s|ing)?|ship(?:s|ping)?|launch(?:es|ing)?|releas(?:e|es|ing)|support(?:s|ing)?"
    r"(?! (?:team|engineer|agent|staff|ticket|request|rep|specialist))|introduce|roll out|implement|develop|"
    r"be adding|be supporting|"
    r"be building|be launching|be releasing|be rolling out|be shipping|be introducing|be lifted|be removed|"
    r"be available (?:for|on|in|to|soon)|become available|be able to use|"
    r"be out(?! of)|come out|comes out|(?:be|being) (?:added|introduced|released) to (?:the|our) (?!ticket|request|"
    r"list|queue|"
    r"account|invoice)\w+)\b" + _NOT_A_FEATURE + r"(?!\s+(?:the\s+|a\s+|this\s+|that\s+)?(?:hot)?(?:fix|patch))",
)
# Physical goods ship and arrive too; that is a delivery date, not a product roadmap.
PHYSICAL = any_of(r"\b(?:order|package|parcel|device|replacement|shipment|hardware|courier|delivery|cards?|"
    r"charger|equipment)\b")
RELEASE = any_of(
    r"\b(?:next|upcoming|coming|future|new|following|later) (?:\w+ )?(?:release|version|update|sprint|build|patch)\b",
    r"\b(?:tomorrow|today|tonight|next week|this week|\w+day)'s (?:release|update|version|build|deploy)\b",
    r"\bversion \d|\bv\d+\.\d|\b(?:in|into|on|with) (?:our|the) (?:[\w.]+ )?(?:release|roadmap)\b",
)
# A product part named as the subject of a release verb ("SSO support lands in Q3").
RELEASED_PART = any_of(
    r"\b(?:support|integration|feature|provider|connector|plugin|sdk|api|app|module|add-?on|extension|mode)\s+"
    r"(?:[\w'-]+\s+){0,3}?(?:lands?|ships?|launch(?:es)?|goes live|rolls out|comes out|(?:will|is going to) be "
    r"(?:released|launched|shipped|available|rolled out|live))\b",
)
ROADMAP_COMING = any_of(
    r"\b(?:is|are|'s|'re) (?:\w+ly )?(?:coming|on (?:the|its|their) way|in the works|being (?:built|developed|worked "
    r"on))\b",
    r"\bcoming soon\b|\b(?:is|are|'s|'re) (?:now |already )?(?:on|in) (?:our|the) (?:\w+ )?roadmap\b",
    r"\b(?:is|are|'s|'re) (?:\w+ly |now )?(?:building|developing|adding|implementing|creating) (?:that|this|the|a|an|"
    r"your|new|native) (?:[\w-]+ ){0,3}?(?:integration|feature|functionality|connector|plugin|add-?on|extension|"
    r"capability|endpoint|api|app|support for)\b",
    r"\b(?:is|are|'s|'re) (?:launching|shipping|releasing|rolling out|going live)\b",
    r"\b(?:is|are) (?:scheduled|planned|set) (?:for|to (?:ship|launch|be released))\b",
    r"\b(?:is|are) (?:\w+ )?(?:in the pipeline|in development|under development|in beta)\b",
    r"\b(?:is|are|'s|'re)\s+(?:\w+\s+){0,2}(?:in|part of|included in|planned for|slated for|scheduled for|"
    r"targeted for|"
    r"coming (?:in|with))\s+(?:our|the)\s+(?:\w+\s+){0,2}(?:next|upcoming|coming|future|following|new)\b",
)
# A feature named as the thing that is coming ("the feature will ...", "will make the integration").
_FEATURE = r"(?:features?|functionality|integrations?|support for \w+|ability to \w+)"
FEATURE_NOUN = any_of(
    rf"\b{_FEATURE}\s+(?:[\w'-]+\s+){{0,4}}?(?:will|'ll|is going to|are going to)\s+(?:be\s+)?(?:come|arrive|ship|"
    r"launch|available|added|released|ready|live|out)\b",
    r"\b(?:will|'ll|going to|gonna)\s+(?:\w+\s+)?(?:make|build|create|add|develop|release|ship|launch|bring|get)\s+"
    rf"(?:the\s+|a\s+|an\s+|this\s+|that\s+|your\s+)?(?:new\s+)?(?:[\w'-]+\s+){{0,3}}?{_FEATURE}\b",
)

_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)"
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_COUNT = r"(?:\d+(?:\s*[-–]\s*\d+)?|a|an|one|two|three|four|five|six|seven|ten|few|couple of|several)"
DEADLINE = any_of(
    r"\b(?:by|before|until|till|no later than)\s+(?:the\s+)?(?:end of (?:the )?(?:day|week|month|business day)|eod|"
    rf"tomorrow|tonight|today|noon|midnight|{_DAY}|\d{{1,2}}(?:st|nd|rd|th)|\d{{1,2}}(?::\d\d)?\s?(?:am|pm)|{_MONTH}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}|(?:this|the coming) {_DAY}|"
    r"next \w+|this (?:week|weekend|afternoon|evening|morning)|the (?:holidays|weekend|deadline|launch)|christmas|"
    r"new year|your (?:\w+ )?(?:date|deadline|launch|go-live|renewal)|the (?:\w+ )?(?:deadline|go-live))\b",
    r"\b(?:within|in)\s+(?:the\s+)?(?:next\s+)?(?:roughly\s+|about\s+|around\s+|approximately\s+|less than\s+|"
    r"under\s+|just\s+|only\s+)?" + _COUNT + r"\s+(?:\w+\s+)?(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\b",
    r"\b(?:from|starting|as of|effective) (?:midnight|tomorrow|tonight|today|monday|tuesday|wednesday|"
    r"thursday|friday|"
    r"the \d{1,2}(?:st|nd|rd|th))\b|\bovernight\b|\bby (?:lunch(?:time)?|the morning|this evening)\b",
    r"\b(?:end|close) of (?:the )?business\b|\bright now\b|\bfirst thing\b|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday) (?:morning|afternoon|evening|night)\b|"
    r"\bbefore the end of (?:the |this )?(?:month|quarter|year)\b|\b(?:eob|cob)\b|\bin the coming (?:days|hours)\b",
    r"\b(?:by|before) (?:the )?end of (?:your |the |this |today's )?(?:\w+ )?(?:day|week|shift)\b|"
    r"\b(?:within|in|under) \d+\s?(?:h|hrs?|d|mins?|bd)\b|\b(?:latest|at the latest) by\b|"
    r"\b(?:before|by) your (?:[\w-]+ ){0,2}(?:close|closing|cut-?off|audit|payroll|filing|board meeting|review|"
    r"go-live|release|month-end|year-end|"
    r"meeting|call|demo|launch|event|presentation|deadline|trip|appointment|"
    r"go-live|flight)\b|\bthis (?:afternoon|evening|morning)\b|\b(?:over|during) the (?:weekend|holidays|night)\b|"
    r"\b(?:within|in) the next (?:hour|day|week|few|couple)\b|\bwithin (?:the|this) (?:hour|day|week)\b",
    r"\b(?:today|tonight|tomorrow|right away|straight away|straightaway|immediately|end of (?:the )?day|eod)\b",
    rf"\b(?:on|next|this coming)\s+{_DAY}\b|\bon (?:the )?\d{{1,2}}(?:st|nd|rd|th)\b|\bon {_MONTH} \d",
    r"\b(?:at|around) (?:\d{1,2}(?::\d\d)?\s?(?:am|pm)|noon|midnight)\b|\bat the latest\b",
)
PERIOD = any_of(
    r"\b(?:next|this|later this|early next|end of this|coming) (?:week|month|quarter|year|sprint|cycle|spring|"
    r"summer|fall|autumn|winter)\b(?!'s (?:rent|bill|invoice|payment|fee|subscription|plan|charge|statement))|"
    r"\bby the end of (?:the|this) (?:month|quarter|year)\b",
    r"\b(?:by|in|over|during|before) (?:the )?(?:spring|summer|fall|autumn|winter)\b|"
    r"\bin the coming (?:weeks|months)\b",
    rf"\bq[1-4]\b|\b(?:in|by|before|during|until) (?:early |mid-?|late |the end of )?{_MONTH}\b",
    rf"\b(?:in|into|for) (?:our|the) {_MONTH} (?:release|update|version)\b",
    rf"\bwithin (?:the\s+)?(?:next\s+)?{_COUNT}\s+months?\b|\bwithin (?:the|this) (?:month|quarter)\b",
)

ASSERTIONS: dict[str, re.Pattern[str] | Gated] = {
    "guarantee": any_of(
        r"\b(?:is|are|will be) (?:always|never) (?:\w+ )?(?:correct|accurate|right|wrong|reliable|error-free|late|"
        r"on time|precise)\b|\b(?:without any|with no|with zero|zero|no) risk\b|\brisk-free\b|"
        r"\b100\s?(?:%|percent) (?:accurate|correct|reliable|uptime|available|precise)\b",
    ),
    "legal": any_of(
        r"\bentitled to\b|\bha(?:ve|s) (?:the |a |every )?(?:legal )?right to\b",
        r"\b(?:liable|liability|liabilities)\b|\blegally\b|\bunenforceable\b|\bnot enforceable\b",
        r"\bresponsible for (?:the |any |all |your )?(?:\w+ )?(?:damages?|loss(?:es)?|costs?|harm)\b",
        r"\b(?:we're|we are|we'll be|we will be|i am|i'm) (?:fully |legally |entirely )?(?:responsible|"
        r"accountable)\b",
        r"\b(?:unlawful|illegal)(?:ly)?\b|\bnull and void\b|\bnot allowed to (?:charge|bill|keep)\b",
        r"\b(?:gdpr|hipaa|ccpa|soc ?2|pci(?:[- ]dss)?|iso ?27001|ferpa|coppa)[- ]compliant\b|\bcompliant with\b",
        r"\b(?:fully|completely|100%) compliant\b",
        r"\bmeets?\b[^.;]{0,40}\b(?:hipaa|gdpr|ccpa|soc ?2|pci|legal|regulatory|compliance)\b[^.;]{0,20}"
        r"\b(?:requirements?|standards?|obligations?)\b",
        r"\b(?:under|according to) (?:the |your )?(?:[\w-]+ ){0,2}(?:law|laws|regulations?|legislation)\b",
        r"\b(?:is|are|it's)\s+(?:\w+ly\s+)?(?:legal|lawful|illegal|unlawful)\b",
        r"\bdoes(?: not|n't) count as (?:a )?(?:data )?breach\b|\bno (?:legal )?obligation to\b",
        r"\b(?:no|zero|without any|not any) (?:\w+ )?(?:legal|regulatory) (?:exposure|risk|consequences?|"
        r"issues?|problems?|action|trouble)\b",
        r"\blegal(?:ly)? (?:responsib\w+|liab\w+|obligat\w+|required|bound|entitled)\b|\bare legally owed\b",
        r"\b(?:accept|take|carry|carries|bear|bears|assume) (?:full |all |the )?(?:legal )?(?:responsibility|"
        r"blame)\b",
        r"\bbreach of (?:our|the|your|this) (?:sla|contract|agreement|terms)\b",
        r"\bviolat\w*\s+(?:\w+\s+){0,3}(?:law|laws|regulations?|rights|gdpr|hipaa|ccpa|act|directive)\b",
        r"\b(?:against|breaks?|breaking) (?:the )?law\b|\bconsumer (?:law|rights|protection)\b",
        r"\bby law\b|\bthe law (?:requires|says|allows|protects|entitles)\b|\bwithin your (?:legal )?rights\b",
        r"\b(?:not |legally )binding\b|\bnot bound by\b|\bstatutory\b",
        r"\b(?:no (?:need|obligation|requirement)|not (?:required|obliged|obligated)|"
        r"(?:don't|do not|won't) (?:need|have)) to (?:notify|report|inform|tell|disclose)\b[^.;]{0,50}"
        r"\b(?:authorit\w+|regulators?|supervisory|dpa|ico|"
        r"commission|agency|customers|users|data subjects)\b|\bnot (?:a )?reportable\b",
        r"\b(?:fulfil\w*|fulfill\w*|satisf\w*|meets?)\s+(?:all\s+|every\s+|the\s+|its\s+|your\s+|their\s+|own\s+)*"
        r"(?:\w+\s+){0,2}(?:audit|legal|regulatory|compliance|statutory)\s+(?:requirements?|obligations?|duties)\b",
        r"\b(?:meets?|fulfil\w*|fulfill\w*|satisf\w*)\s+(?:all\s+|every\s+|the\s+)*(?:\w+\s+){0,2}(?:requirements?|"
        r"standards?|obligations?)\s+(?:of|under|in|"
        r"set by)\s+(?:the\s+)?(?:\w+\s+){0,4}(?:act|law|regulation|directive|gdpr|hipaa|ccpa)\b|\bcompl(?:y|"
        r"ies) with\b",
    ),
    "security": any_of(
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
        r"\b(?:not|never)\s+(?:been\s+)?(?:readable|visible|accessible|viewable|exposed)\s+(?:by|to)\s+(?:any(?:one|body)|"
        r"third|other|outsiders?|the public)\b",
        r"\b(?:attacker|hacker|intruder)s?\s+(?:did not|didn't|could not|couldn't|can ?not|can't|never|won't)\s+"
        r"(?:\w+\s+)?(?:download|access|see|get|steal|read|view|reach|break)",
        r"\b(?:can't|cannot|could not|couldn't) have (?:been )?(?:leaked|accessed|exposed|stolen|seen)\b",
        r"\b(?:did not|didn't|was not|wasn't|were not|weren't|has not|hasn't|have not|haven't|never|will not|won't)"
        r"\s+(?:been\s+)?(?:expose|affect|leak|reveal|compromise|include|touch|access|share|sell|disclose)\w*\s+"
        r"(?:any\s+)?(?:of\s+)?(?:your\s+|the\s+)?(?:\w+\s+)?(?:data|information|info|details|passwords?|records|"
        r"files|contacts|accounts?)\b",
        r"\b(?:data|information|info|details|passwords?|records|files|contacts)\s+(?:will|would|can|could)\s+"
        r"(?:never|not)\s+be\s+(?:shared|sold|disclosed|accessed|seen|exposed|leaked|read)\b",
        r"\b(?:attack|intrusion|attempt|login|access|threat)s?\s+(?:was|were|has been|"
        r"have been)\s+(?:successfully\s+)?"
        r"(?:blocked|stopped|contained|prevented|neutrali[sz]ed)\b",
        r"\b(?:not|never|n't)\s+(?:been\s+|be\s+)?(?:hacked|breached|compromised|exposed|leaked|stolen|intercepted|"
        r"infected)\b",
        r"\b(?:no|none of (?:your|the))\s+(?:\w+\s+){0,3}?(?:was|were|has been|have been|got)\s+(?:\w+\s+)?"
        r"(?:accessed|breached|compromised|exposed|leaked|seen|read|viewed|stolen|lost|downloaded|shared|affected|"
        r"included|copied)\b",
        r"\b(?:not|never|no longer)\s+(?:been\s+)?(?:at|under) (?:any )?risk\b|\bno (?:longer )?(?:at )?risk\b",
        r"\bno (?:evidence|sign|signs|indication|trace) of (?:any )?(?:\w+ )?(?:access|activity|breach|compromise|"
        r"intrusion|leak|exposure)\b|\b(?:never|don't|do not|won't|will not) (?:ever )?(?:sell|share|"
        r"disclose) your\b",
        r"\b(?:data|information|files|account|details)\s+(?:\w+\s+){0,2}(?:remains?|stays?|is|are)\s+(?:\w+\s+)?"
        r"(?:private|confidential|in good hands)\b",
        r"\bonly you can (?:access|see|read|view|open)\b|\bnot even (?:our|we|the) (?:\w+ )?(?:can|could|are able)\b",
        r"\bunhackable\b|\bhack-?proof\b|\bimpossible to hack\b|\b100\s?(?:%|percent) (?:secure|safe)\b",
        r"\byou(?:'re| are) (?:now |completely |totally |fully )?(?:safe|protected)\b",
    ),
    "contract": any_of(
        r"\b(?:price|rate|pricing)\s+(?:is|stays|remains|will (?:stay|remain|be))\s+(?:locked|frozen|guaranteed)",
        r"\bkeep\b[^.;]{0,40}\b(?:forever|for life|for as long as)\b|\bgrandfathered\b",
        r"\byou(?:'re| are) (?:now )?free to (?:leave|cancel|end|terminate|exit)\b",
    ),
}
# Trigger substrings for the costliest groups; tests/unit/test_commitments.py checks that they change nothing.
TOPICS["credit"] = gated(
    TOPICS["credit"],
    "credit|discount|%|percent|half|coupon|voucher|free|complimentary|bonus|house|on us|compensat|make up|goodwill|"
    "promo|code|trial|throw|will be|knock|take|off|extra|upgrade|pay|invoice|bill|charge|cover|reimburse|reduc|"
    "lower|deduct|cut|without|at no|gift",
)
TOPICS["contract"] = gated(
    TOPICS["contract"],
    "waiv|fee|penalt|contract|pric|rate|term|discount|without|free to|charge|lock|commitment|keep|grandfather|"
    "agreement|switch|balance|pay|owe|overage|apply|exempt|freeze|honor|honour|maintain|preserve|stay|remain|kept|"
    "surcharge|msa|sow|order form|net |minimum|amend|modify|rewrite|redline",
)
ASSERTIONS["contract"] = gated(ASSERTIONS["contract"], "pric|rate|keep|grandfather|free to")
ASSERTIONS["legal"] = gated(
    ASSERTIONS["legal"],
    "entitled|right|liab|legal|enforce|responsib|unlawful|illegal|void|allowed|compl|meet|law|regulation|legislation|"
    "count|obligation|blame|breach|violat|consumer|binding|bound|statutory|owed|accountable|regulatory|fulfil|satisf|"
    "notify|report|inform|tell|disclose",
)
ASSERTIONS["security"] = gated(
    ASSERTIONS["security"],
    "data|file|account|password|information|info|contact|detail|record|backup|document|workspace|nobody|no one|"
    "no-one|no other|no third|anyone|anybody|attacker|hacker|intruder|hack|risk|evidence|sign|indication|trace|sell|"
    "share|disclose|confidential|hands|readable|visible|accessible|viewable|blocked|stopped|contained|prevented|neutrali|100|safe|secur|protect|private|"
    "intact|breach|compromis|expos|leak|stolen|intercept|infect|accessed|seen|read|viewed|lost|downloaded|affected|"
    "included|copied|can't have|cannot have|could not have|couldn't have|only you|not even",
)
GUARANTEE_CUE = any_of(
    r"\bguarantee\w*|\bpromise\w*|\b100\s?(?:%|percent)(?! of| complete| done| finished)(?=\s+\w)|\bnever\b|"
    r"\balways\b",
    r"\bevery (?:single )?time\b(?!\s+(?:you|your|a|an|the|we|it|someone|there|they|i)\b)",
    r"\bperfectly\b|\bfor good\b|\bno matter what\b|\bdefinitely\b|\bcertainly\b|\bsurely\b|\bfor sure\b",
    r"\bmy word\b|\bwithout fail\b|\bforever\b|\banymore\b|\bagain\b|\bconsider it done\b|\btrust me\b",
    r"\bwithout (?:any )?(?:problems?|issues?|fail|a hitch|hiccups?|errors?)\b|\bonce and for all\b|\bpermanently\b",
    r"\bperfect (?:condition|shape|state|working order)\b|\bnothing (?:can|could|will) (?:go wrong|break|fail)\b|"
    r"\bcan't go wrong\b|\bgot (?:you|your \w+) covered\b|\bgot your back\b|"
    r"\bflawless\w*|\bseamless\w*|\bevery (?:device|platform|browser|user|customer)\b|\bcount on\b|"
    r"\brely on\b|\btake my word\b|\bno doubt\b|\bzero (?:downtime|issues|problems|errors)\b",
)

# Credit words that only say "without charge": with a fee or a contract they mean a waived fee.
NO_CHARGE = any_of(
    r"\bfree of charge\b|\bat no (?:extra |additional )?(?:cost|charge)\b|\bfor free\b",
    r"\bdiscounted (?:price|rate|pricing|plan)\b",
)
NO_ENTITLEMENT = any_of(r"\bnot entitled\b|\bno (?:legal )?right\b|\bnot (?:be )?owed\b")
# Words that say why money is given, not that it is a credit: with a refund they add no credit.
GOODWILL = any_of(r"\bgoodwill\b|\bgesture\b|\bcompensat\w*|\bmake up for\b")
# The nouns that name a contract without saying its terms changed.
CONTRACT_NOUN = any_of(r"\b(?:contract|agreement)\b")
