# One cue per line, however long, so that each pattern reads and greps as a unit.
# ruff: noqa: E501
"""Cue lexicon for escalation: one regular expression per cue, grouped by reason.

Patterns run on normalised text (NFKC, lower case, straight quotes, single spaces; see
`agent.escalation_rules.normalise`). A cue is:

- ``weak``: the words are often innocent in a task-board product ("a board to track refunds",
  "how do I escalate overdue cards"). A weak cue is dropped when its sentence is a how-to
  question or talks about the customer's own boards, templates or customers.
- ``severe``: raises risk to ``high`` (used for distress: self-harm and vulnerability).

``prompt_injection`` cues also run on a "leet-folded" copy of the text (1→i, 0→o, 3→e, ...).
Keep patterns bounded (``.{0,40}``, never ``.*``) so that matching stays linear and fast.
"""

from typing import NamedTuple


class Cue(NamedTuple):
    """One lexicon entry: a pattern that signals a reason."""

    reason: str
    pattern: str
    weak: bool = False
    severe: bool = False
    critical: bool = False  # a life-safety cue (self-harm): it escalates whatever the model says


_NEVER = r"(?:didn't|did not|never|haven't|have not)"
_CHARGE = r"(?:charge[sd]?|payments?|transactions?|debits?|withdrawals?|fees?)"
_MONEY_VERB = r"(?:charg(?:ed|ing)|bill(?:ed|ing)|debit(?:ed|ing)|took|taken|taking)"
_ALL_USERS = (
    r"\b(?:nobody|no one|no-one|none of (?:us|our|the)|every(?:one|body)|"
    r"all (?:of )?(?:us|our|my|the)\b|(?:our|the) (?:whole|entire) |"
    r"(?:whole|entire) (?:team|company|org|organi[sz]ation|office|department)|"
    r"all (?:our |of our |the )?(?:users|members|staff|employees|colleagues|people|accounts)|"
    r"(?:maybe |about |around |over )?\d+ of us|every (?:device|user|member|student|one of (?:us|our|them)))"
)
_BROKEN = (
    r"(?:(?:can't|cannot|can not|unable to|not able to) (?:log|sign|access|load|open|use|connect|get in|reach)|"
    r"locked out|logged out|(?:is|are|went|seems|has been|have been) down|(?:not|won't|doesn't|don't) load|"
    r"(?:isn't|is not|aren't|are not|not|stopped) (?:working|loading|responding|syncing|firing)|"
    r"doesn't work|don't work|timing out|times out|fail(?:s|ing|ed)?|broken|blocked|unavailable|"
    r"getting (?:errors?|5\d\d)|no longer (?:works?|loads?|syncs?|receiv\w*)|stopped|spins|"
    r"(?:hasn't|haven't|has not|have not|didn't|did not) (?:received|got|gotten|had|come through) (?:a single|any)|"
    r"offline|unable to reach|(?:can't|cannot) reach|rejecting|closes immediately|crash(?:es|ing)? (?:on|at) (?:start|launch|open))"
)
_AI = r"(?:ai|a\.i\.|assistant|bot|chatbot|model|llm|gpt|chatgpt|agent|copilot|claude)"
_AI_NAME = r"(?:ai|a\.i\.|llm|gpt|chatgpt|chatbot|bot|language model|copilot|claude|robot)"

CUES: tuple[Cue, ...] = (
    # --- prompt injection: instructions aimed at the drafting model ---------------------
    Cue("prompt_injection", r"\b(?:ignore|disregard|forget|override|bypass|skip|drop)\s?(?:all|any|every|the|your|my|these|those|of)?\s?(?:all |the |your )?(?:previous|prior|above|earlier|preceding|former|original|initial|system|existing|current|safety|other|support|company|refund|security|content)?\s?(?:instructions?|prompts?|rules|guidelines|directives|directions|commands|polic(?:y|ies)|constraints|programming|guardrails|restrictions)\b"),
    Cue("prompt_injection", r"\bforget (?:everything|all|what) (?:above|before|you|i said|that)"),
    # "message" only after hidden/secret/developer: "-----Original Message-----" heads every forwarded mail
    # and "system messages" fill the API logs customers paste
    Cue("prompt_injection", r"(?<!custom )(?<!own )(?<!\bour )\b(?:(?:system|hidden|initial|original|secret|developer|internal) (?:prompt|instructions)|(?:hidden|secret|developer) messages?)s?\b(?! (?:for|in|of) (?:our|my|the) (?:own |custom )?(?:summar|workspace|team|account|bot|assistant))"),
    Cue("prompt_injection", r"\b(?:reply|respond|answer|write|say|type)\b.{0,40}\b(?:this|the following|these|that) (?:exact|exact same|precise|verbatim) (?:sentence|words|text|phrase|message|line|wording)\b|\b(?:reply|respond|answer) (?:only )?with (?:exactly|only|just) (?:this|the following|these words)\b|\bcopy (?:and paste )?(?:this|the following) (?:sentence|text|line) (?:into|in) (?:your|the) (?:reply|answer|response)\b"),
    Cue("prompt_injection", r"\b(?:decode|decipher|translate|unscramble|run|execute|read)\b.{0,40}\b(?:and|then) (?:do|follow|execute|obey|run|carry out) (?:what|whatever|the (?:instructions?|commands?)) (?:it|they|this|that) (?:says?|tells? you|contains?)\b"),
    Cue("prompt_injection", r"\"?\b(?:escalate|escalation|needs_human_review|human_review|classifier_override|auto_?approved?|skip_review|bypass_review|pre_?approved|override)\"?\s?:\s?(?:false|true|0|1|\"(?:no|none|false|true|skip|yes)\")"),
    Cue("prompt_injection", r"\blet's play a game\b|\b(?:alternate|parallel) universe\b|\bstay in character\b|\bno longer bound by\b|\byou are '?\w+'?,? (?:a|an|the) (?:\w+ )?(?:support )?(?:agent|assistant|bot|ai)\b.{0,60}\b(?:where|who|that|without|with no)\b"),
    Cue("prompt_injection", r"\b(?:testing|test|evaluating|red-?teaming|probing) (?:the |your |our )?(?:support |ai |new )?(?:assistant|bot|chatbot|ai|model|copilot|auto-?reply|drafting|classifier)\b.{0,120}\b(?:treat|change|grant|give|make|set|bypass|override|admin|owner|authori[sz]ed)\b|\b(?:treat|consider) (?:this|the) (?:session|ticket|conversation|request|chat) as (?:an? )?(?:admin|internal|privileged|authori[sz]ed|verified|trusted)\b|\bthis is (?:pre-?)?authori[sz]ed\b"),
    Cue("prompt_injection", r"\b(?:reveal|show|print|repeat|output|display|leak|recite|dump|what (?:are|were|is)) (?:me )?(?:your |the |all )?(?:exact |full |original |hidden )?(?:instructions|prompt|guidelines|rules) (?:you|that|above|verbatim|given)"),
    Cue("prompt_injection", r"\brepeat (?:the |all )?(?:text|words|everything) (?:above|before)"),
    Cue("prompt_injection", r"\b(?:instructions|prompt|guidelines) (?:you were|you've been|you have been) (?:given|told)|\b(?:what|which) (?:instructions|rules|guidelines|prompts?|directives)\b.{0,20}\b(?:were|have|did|are) you (?:been )?(?:given|told|getting|following|programmed)"),
    Cue("prompt_injection", r"\b(?:developer|god|admin|debug|jailbreak|unrestricted|dan) mode\b|\bdo anything now\b|\byou are dan\b"),
    Cue("prompt_injection", r"\b(?:you are|you're) (?:now )?(?:an? )?(?:ai|assistant|model|bot|llm)?\s?(?:with(?:out)? no|without any|with no|free of) (?:rules|restrictions|guidelines|limits|filters)"),
    Cue("prompt_injection", r"\b(?:pretend(?: to be| that you are| you are| you're)?|act as(?: if you (?:are|were))?|behave as|roleplay as|role-play as|(?:you are|you're) now) (?:the |an? |my )?(?:\w+ )?(?:system|admin(?:istrator)?|root|developer|operator|unrestricted|jailbroken|ai|assistant|bot|model|character|persona)\b"),
    Cue("prompt_injection", r"\b(?:you are|you're) now (?:in |an? |the )?(?:\w+ )?(?:mode|ai|assistant|bot|model|system|admin|persona|character)\b"),
    Cue("prompt_injection", r"\bfrom now on,? (?:you|always|only|respond|answer|reply)"),
    Cue("prompt_injection", rf"\b(?:note|message|instructions?|reminder|hint|command)s? (?:to|for) (?:the |any |an )?{_AI}\b"),
    Cue("prompt_injection", rf"<!--.{{0,200}}\b(?:{_AI}|classif\w*|priorit\w*|approve\w*|ignore|escalat\w*|refund|discount|vip|free)\b"),
    Cue("prompt_injection", rf"\b(?:for|to) (?:the |any |you,? )?{_AI}\s?[:,-] ?.{{0,80}}\b(?:you must|must|always|never|tell|give|apply|waive|approve|classify|mark|move|set|grant)\b|\byou must (?:tell|say|inform|give|offer|confirm)\b.{{0,20}}\b(?:every|all|each) (?:customer|user|client)s?\b"),
    Cue("prompt_injection", r"\b(?:x-)?(?:agent|ai|bot|assistant|model)[-_ ]directives?\b|\bper the directive\b|\bsupersedes?\b.{0,30}\b(?:procedure|policy|policies|rules|instructions|protocol|process)\b|\b(?:escalate|escalation|needs_human_review|human_review|skip_review|bypass_review|auto_?approve\w*|priority_override|override)\s?=\s?(?:true|false|1|0|yes|no)\b"),
    Cue("prompt_injection", r"\b(?:message|instruction|directive|note|notice) from (?:the )?(?:\w+ ){0,2}(?:compliance|security|legal|admin\w*|management|head office|internal|trust and safety|fraud) (?:dept|department|team|office)?\b.{0,120}\b(?:assistant|ai|bot|agent|support)\b"),
    Cue("prompt_injection", rf"(?:^|[\[(<{{!-]\s?|\. |\*\s)(?:support |customer |the )?{_AI}\s?[:,] ?(?:you must|you should|please|ignore|disregard|approve|grant|confirm|tell|reply|respond|always|never|do not|don't)"),
    Cue("prompt_injection", r"\bas an? (?:ai|large language model|language model|assistant)(?: language model)?,? (?:you|must|please|i)"),
    Cue("prompt_injection", r"</?\s?(?:system|ticket|instructions?|prompt|assistant|user|im_start|im_end|context|admin)\s?>|\[/?(?:system|inst|admin)\]|<<\s?sys\s?>>|<\|[a-z_]+\|>|#{2,}\s?(?:system|instructions?)"),
    Cue("prompt_injection", r"\b(?:skip|bypass|without|no need for) (?:the |any )?(?:human|manual|agent|staff) (?:review|approval|check|verification)\b|\bauto-?approve[sd]?\b"),
    Cue("prompt_injection", r"(?:^|\n|\. |\] |> |\[|\()(?:system|admin|developer|assistant)\s?(?:message|override|note)?\s?:"),
    Cue("prompt_injection", r"\b(?:new|updated|revised|override) (?:policy|instructions?|rules?|system prompt|directive)\s?:"),
    Cue("prompt_injection", r"\b(?:confirm|approve|grant|issue|promise|authori[sz]e)s? (?:in writing |in your reply |now )?(?:that )?(?:me |us )?(?:a |the |my |our |this |full |100% )*(?:full )?(?:refunds?|credits?|discounts?|free (?:months?|upgrade|plan)|upgrade|compensation|admin (?:rights|access))\b.{0,60}\b(?:without|no) (?:human|approval|review|questions|manager|checks?)"),
    Cue("prompt_injection", r"\b(?:confirm|approve|grant|state|say|tell the customer|tell me)\b.{0,40}\bin (?:your|the) (?:reply|response|answer)\b"),
    Cue("prompt_injection", r"\b(?:respond|answer|reply|output) (?:only )?(?:in|with|as) (?:json|yaml|code)\b|\brefund_approved\b|\"approved\"\s?:\s?true"),
    Cue("prompt_injection", r"\bi have been pwned\b|\bpwned\b"),
    Cue("prompt_injection", rf"(?:^|[.!?] |\b(?:dear|hey|hi|hello|yo|ok|okay|attention|listen),? )(?:the |dear )?{_AI_NAME}\s?[,:!]"),
    Cue("prompt_injection", r"\bbefore (?:you )?(?:answer|respond|repl|writ|draft)\w*,? (?:please )?(?:list|tell|show|print|output|reveal|give|repeat|include|say|write|ignore|forget|add)\b"),
    Cue("prompt_injection", r"\b(?:list|show|tell me|give me|print|repeat|reveal|summari[sz]e|share)\b.{0,30}\b(?:other (?:tickets|customers'?|users'?|conversations|people's)|tickets you(?: have|'ve)? (?:seen|received|handled)|previous (?:conversations|customers))"),
    Cue("prompt_injection", r"\b(?:every|all|each|your|the) (?:replies|reply|responses?|answers?|emails?)\b.{0,20}\b(?:must|should|will|has to|have to|needs? to)\b.{0,30}\b(?:refund|free|approved|credit|upgrade|discount|admin|guarantee|compensat\w*)"),
    Cue("prompt_injection", r"\b(?:instruction|order|command|directive|message) from (?:your|the) (?:admin\w*|developers?|system|operators?|owners?|creators?|boss|engineers?)\b"),
    Cue("prompt_injection", r"\b(?:ignorier\w*|vergiss|missachte\w*)\b.{0,40}\b(?:anweisungen|instruktionen|regeln|vorgaben)\b"),
    Cue("prompt_injection", r"\b(?:ignora\w*|olvida\w*|omite)\b.{0,40}\b(?:instrucciones|reglas|indicaciones)\b"),
    Cue("prompt_injection", r"\b(?:ignore[zr]?|oublie[zr]?)\b.{0,40}\b(?:instructions|consignes|règles)\b"),
    Cue("prompt_injection", r"\b(?:ignora\w*|dimentica\w*)\b.{0,40}\b(?:istruzioni|regole)\b|\b(?:ignore|esqueça)\b.{0,40}\b(?:instruções|regras)\b"),
    # --- security: account takeover, leaked secrets, unauthorised access -----------------
    Cue("security", r"\bhack(?:ed|er|ers|ing)?\b|\bcompromised\b|\baccount takeover\b|\bransomware\b|\bmalware\b|\bkeylogger\b"),
    Cue("security", r"\b(?:taken over|took over|hijack\w*)\b"),
    Cue("security", r"\b(?:i|we) (?:never|didn't|did not) (?:invite|add|create|authori[sz]e|approve|give access to)\w*\b|\bnew (?:admins?|owners?|members?|users?)\b.{0,40}\b(?:i|we) (?:don't|do not|didn't|did not|never) (?:know|recogni[sz]e|invite|add)"),
    Cue("security", r"\b(?:has|have|knows|got|found|stole|is using|keeps? using) (?:my|our) (?:password|login|credentials|2fa codes?|recovery codes?)\b|\bkeeps? (?:logging|signing) in(?:to)? (?:my|our)\b|\block (?:them|him|her|someone|this person|that person) out\b"),
    Cue("security", r"\bdata breach\b|\bbreach(?:ed)?\b(?! of (?:contract|agreement|terms))"),
    Cue("security", r"\bunauthori[sz]ed\b|\bwithout (?:my|our) (?:permission|consent|authori[sz]ation|knowledge)\b"),
    Cue("security", r"\bsuspicious (?:log ?in|sign ?in|activity|email|link|message|access|session|device)s?\b|\bphish\w*\b(?! (?:awareness|training|simulations?|course|tests?|module|article|blog|guide)\b)"),
    Cue("security", r"\b(?:emails?|messages?|texts?|sms|calls?)\b.{0,40}\b(?:pretending|claiming|impersonat\w*|asking (?:me |us |them |him |her )?to (?:update|confirm|verify|enter|send|provide|reset))\b|\b(?:weird|strange|fake|suspicious|unknown|odd|dodgy|spoofed) (?:domain|link|site|website|url|sender|login page)\b"),
    Cue("security", r"\b(?:log ?ins?|sign ?ins?|logged in|signed in|sessions?|access(?:ed)?) from (?:an? )?(?:unknown|another|different|strange|foreign|unfamiliar|unrecogni[sz]ed|new) (?:device|country|location|ip|place|city|computer)"),
    Cue("security", r"\b(?:device|ip|location|login|session)s? (?:that )?(?:i|we) (?:don't|do not|didn't|did not) (?:own|recogni[sz]e|know)"),
    Cue("security", r"\b(?:some(?:one|body)(?: else)?|a stranger|an? (?:unknown|random) (?:person|user)|a third party)\b.{0,30}\b(?:logged in|signed in|log(?:ged)? into|sign(?:ed)? into|accessed|access(?:ing)? (?:my|our)|changed (?:my|our|the)|reset (?:my|our)|got into|broke into|bought|purchased|deleted (?:my|our|all)|turned off|disabled|took over|stole|has (?:my|our) (?:password|login|credentials)|is using (?:my|our)|used (?:my|our))"),
    Cue("security", rf"\b(?:i|we) {_NEVER} (?:request|ask for|change|reset|make|authori[sz]e|initiate|add)\w*\b.{{0,30}}\b(?:reset|password|code|email|login|change|2fa|two-factor)"),
    Cue("security", rf"\b(?:reset|password|2fa|code|email|login)\b.{{0,40}}\b(?:i|we) {_NEVER} (?:request|ask for|do|change|make|initiate)"),
    Cue("security", r"\b(?:wasn't|was not|weren't|it's not|isn't|not) (?:me|us|done by me|done by us)\b"),
    Cue("security", r"\b(?:stolen|stole)\b|\b(?:lost|misplaced) (?:my |our )?(?:work )?(?:phone|laptop|device|yubikey|security key|authenticator|mobile|tablet)\b"),
    Cue("security", r"\b(?:token|api key|secret|credentials|password|private key)s?\b.{0,40}\b(?:leak\w*|exposed|public|committed|pushed|posted|shared publicly|github)\b|\bleak(?:ed|ing)?\b.{0,30}\b(?:token|key|password|credentials|secret)s?\b"),
    Cue("security", r"\b(?:revoke|rotate|invalidate)\b.{0,30}\b(?:token|key|session|credentials)s?\b.{0,30}\b(?:immediately|urgent|now|asap|leak|compromis)"),
    Cue("security", r"\b(?:rotated|revoked|deleted|disabled|reset|changed|removed|deactivated)\b.{0,40}\b(?:is|are) still (?:working|valid|active|usable|accepted|works)\b"),
    Cue("security", r"\b(?:used|using|uses) (?:my|our) (?:card|credit card|account|login|payment details) (?:to (?:buy|pay|purchase|upgrade|sign up)|without)\b"),
    Cue("security", r"\bcan see (?:another|other|a different|someone else's|other people's|another user's) (?:company|companies|customer|user|organi[sz]ation|team|workspace|account)'?s?\b"),
    Cue("security", r"(?:\b(?:removed|fired|deactivated|offboarded|kicked)\b.{0,30}(?:\b(?:him|her|them|user|member|employee|colleague|contractor|guest)\b|\[person)|\bex-?employee|\bformer (?:employee|colleague|member|contractor)|\bleft the (?:company|team|organi[sz]ation))\b.{0,60}\b(?:still|can still)\b.{0,20}\b(?:access|open|see|log|has|have|get in|edit)"
      r"|\b(?:former|ex-?|fired|departed|disgruntled|dismissed) (?:employee|colleague|member|contractor|staff|admin|partner|intern|freelancer)s?\b.{0,60}\b(?:exported|downloaded|copied|accessed|logged in|deleted|took|stole|wiped)\b"),
    Cue("security", r"\b(?:vulnerabilit\w*|xss|cross-site|sql injection|csrf|exploit|security (?:hole|flaw|bug|issue|incident))\b"),
    Cue("security", r"\bfraud\w*\b|\bscam(?:med)?\b|\bidentity theft\b", weak=True),
    Cue("security", r"\b(?:remove|disable|turn off|reset|bypass)\b.{0,10}\b(?:2fa|two-factor|mfa|2-step)\b.{0,100}\b(?:change|update|replace)\b.{0,30}\b(?:email|e-mail|phone|number)\b|\b(?:payout|bank|payment|withdrawal) (?:method|details|account)\b.{0,30}\b(?:has been|was|got) changed\b.{0,60}\b(?:not mine|isn't mine|i didn't|never|don't recogni[sz]e)\b"),
    Cue("security", r"\b(?:password|email|e-mail|phone number|pin) (?:was|has been|got) (?:changed|reset|updated)\b.{0,140}\b(?:didn't|did not|never|wasn't me|not me|ignored|spam|doesn't work|don't work|can't log|cannot log|locked out|no longer works)\b|\b(?:check-?ins?|log-?ins?|sign-?ins?|bookings?|orders?|trips?|rides?|purchases?)\b.{0,80}\b(?:i live in|i've never been|i have never been|i wasn't there|i was not there)\b"),
    Cue("security", r"\b(?:looked|looks|seemed|seems) like (?:it|they|that) (?:came|come|was|were) from (?:you|your)\b|\b(?:clicked|tapped|opened) (?:on )?(?:the |a |that |this )?link\b.{0,80}\b(?:entered|typed|gave|put in|filled in)\b|\b(?:entered|typed|gave|put in) (?:my |our )?(?:card|password|details|pin|login|code|bank)\b.{0,40}\b(?:link|site|page|email|text|sms|url|domain|website|address)\b"),
    Cue("security", r"\b(?:private|confidential) (?:board|data|files?|information)\b.{0,40}\b(?:public|google|search results|indexed|exposed|leak)"),
    Cue("security", r"\b(?:payment|charge|transaction|withdrawal|direct debit)s?\b.{0,40}\b(?:i|we) (?:didn't|did not|never) (?:make|authori[sz]e|do|set up)\b"),
    # --- legal -----------------------------------------------------------------------------
    Cue("legal", r"\b(?:sue|suing|sued|lawsuit|litigation|legal action|legal proceedings|class action|take (?:you|this) to court)\b"),
    Cue("legal", r"\b(?:tribunal|small claims|subpoena\w*|court order|warrant|cease and desist|dmca|litigation hold|preserv\w+ (?:all |the )?(?:records|data|evidence|logs)|case (?:no\.?|number) ?\d|\d+-cv-\d+)\b"),
    Cue("legal", r"\bcourt\b", weak=True),
    Cue("legal", r"\b(?:formal|legal|official) notice\b|\bnotice of (?:breach|claim|dispute)\b|\bbreach of (?:contract|agreement)\b"),
    Cue("legal", r"\b(?:my|our) (?:lawyers?|attorneys?|solicitors?|legal counsel) (?:has |have )?(?:asked|told|advised|instructed|wants?|said)\b|\bformally notify\b|\bformal (?:complaint|claim) (?:letter|notice)\b"),
    Cue("legal", r"(?<!i'm )(?<!i am )(?<!as )\b(?:my|our|a) (?:lawyers?|attorneys?|solicitors?|legal counsel|legal team|legal department)\b.{0,40}\b(?:will|contact|in touch|involved|aware|forwarded|informed|looking|review|speaking|talk)", weak=True),
    Cue("legal", r"\b(?:speaking|spoken|talking|talk|forwarded|forward|sent|send)\b.{0,20}\b(?:to|with) (?:my|our|a) (?:lawyers?|attorneys?|solicitors?)\b"),
    Cue("legal", r"\b(?:infring\w*|trademark|copyright\w*|defamat\w*|libel|slander)\b", weak=True),
    Cue("legal", r"\b(?:liable|liability|damages|negligen\w*)\b", weak=True),
    Cue("legal", r"\b(?:report\w*|complain\w*|escalat\w*)\b.{0,40}\b(?:police|regulator|ombudsman|ftc|attorney general|consumer protection|trading standards|data protection authority|supervisory authority|ico|cnil|better business bureau|bbb)\b"),
    Cue("legal", r"\b(?:police|law enforcement)\b"),
    # --- distress: self-harm, vulnerability, anger ----------------------------------------
    Cue("distress", r"\b(?:kill(?:ing)? myself|end(?:ing)? (?:it all|my life)|suicid\w*|want to die|wanna die|don't want to (?:live|be here)|self[- ]harm|hurt(?:ing)? myself|better off dead|take my (?:own )?life)\b", severe=True, critical=True),
    Cue("distress", r"\b(?:don't|do not|can't) see (?:the|any) point (?:anymore|in (?:living|going on|anything))|\bno (?:point|reason) (?:in )?(?:living|going on|to live)\b|\bcan't (?:go on|take it anymore|take this anymore)\b|\bgive up on (?:life|everything)\b", severe=True, critical=True),
    Cue("distress", r"\bfuneral\b"),  # apart: a funeral home's how-to question says it too (fresh batch 3)
    Cue("distress", r"\b(?:passed away|died|bereave\w*|grieving|widow\w*|(?:he|she|they) passed(?: on| in| last| recently)?)\b|\b(?:my|our) late (?:husband|wife|partner|father|mother|dad|mum|mom|son|daughter|brother|sister|colleague|boss|friend)\b|\b(?:just |recently )?lost (?:my|our) (?:husband|wife|partner|father|mother|dad|mum|mom|son|daughter|brother|sister|baby|child)\b", severe=True),
    Cue("distress", r"\b(?:i'm|i am|i've been|i have been) (?:(?:very|seriously|terminally|chronically) )?(?:disabled|ill|sick|in hospital|hospitali[sz]ed|recovering|blind|deaf|pregnant|elderly|homeless)\b|\bmy (?:carer|caregiver|care worker)\b", severe=True),
    Cue("distress", r"\b(?:every(?:one|body)|they|people|my family) would (?:probably |all )?be better off\b|\b(?:don't|do not|can't) (?:really )?see (?:the|any) point (?:in )?(?:anything|anymore|living|trying|going on)\b", severe=True, critical=True),
    Cue("distress", r"\b(?:how (?:much )?(?:longer|long) i can (?:keep going|go on|take (?:this|it)|carry on|hold on)|can't do this anymore|can't keep going|i just can't(?:\.|$| anymore| cope| take)|i can't anymore)\b", severe=True, critical=True),
    Cue("distress", r"\b(?:please,? please|i beg you)\b|\b(?:rent|mortgage|bills?) (?:is|are) due\b.{0,80}\b(?:tomorrow|today|kids|children|landlord|can't|cannot|warned)\b|\blandlord\b.{0,40}\b(?:warn\w*|evict\w*|threaten\w*|kick)"),
    Cue("distress", r"\bi owe (?:you |everyone |everybody |so much|money to )\b.{0,60}\b(?:can't|cannot|don't know|no way|drowning|more)\b|\b(?:debt collectors?|bailiffs?|repossess\w*|in debt|drowning in (?:debt|bills))\b|\b(?:missed|can't make|couldn't pay) (?:my )?rent\b"),
    Cue("distress", r"\b(?:he's|she's|he is|she is|i'm|i am|who is|aged) (?:7[5-9]|8\d|9\d|10\d)\b|\b(?:pensioner|elderly (?:mother|father|parent|mum|mom|dad|relative)|care home|medical alarm|alarm line|personal alarm|life support|oxygen (?:machine|supply))\b"),
    Cue("distress", r"\b(?:mental health|depress\w*|panic attacks?|anxiety attacks?|breakdown|can't cope|cannot cope|can't handle (?:this|it)|falling apart)\b", severe=True),
    Cue("distress", r"\b(?:lose|lost|losing) my (?:job|house|home|business)\b|\b(?:fire|fired|sack|sacked) me\b|\bget (?:me )?fired\b|\bcan't afford\b|\bfinancial hardship\b|\bevict\w*", severe=True),
    Cue("distress", r"\b(?:wits'? end|desperate\w*|at the end of my rope|in tears|crying|so stressed|stressed out|can't sleep|overwhelmed|struggling|begging you)\b"),
    Cue("distress", r"\b(?:shaking|panicking|freaking out|terrified|scared|heartbroken|devastated|distraught|beside myself)\b|\b(?:(?:third|fourth|fifth|sixth|several|multiple|many) times? (?:now )?(?:i'm |i am |i've |i have )?(?:been )?(?:writing|asking|contacting|emailing|reaching out|calling)|(?:nobody|no one|no-one) (?:cares|replies|answers|responds|helps|gets back|listens)|i'm done\b|i am done\b)"),
    Cue("distress", r"\b(?:lost|deleted|wiped|gone)\b.{0,20}\b(?:weeks?|months?|days?|years?|all|everything) (?:worth )?of (?:my|our) (?:work|data|notes|planning)\b|\b(?:my|our) (?:whole|entire) (?:\w+ )?(?:project|work|thesis|business|planning)\b.{0,20}\b(?:is |was |has been )?(?:gone|lost|deleted|wiped|vanished)\b"),
    Cue("distress", r"\b(?:furious|outraged|livid|disgust\w*|disgrace\w*|unacceptable|ridiculous|pathetic|appalling|atrocious|shameful|shame on you|how dare|incompetent|infuriat\w*|fed up|sick (?:and tired|of)|had enough)\b"),
    Cue("distress", r"\b(?:worst|terrible|horrible|awful|useless) (?:service|support|company|experience|product|app|customer service)\b|\bthis is a joke\b|\bwaste of (?:money|time)\b"),
    Cue("distress", r"\bwtf\b|\bfuck\w*|\bshit\w*\b|\bbullshit\b|\bscrew (?:you|this)\b|\bdamn\b|\bcrap\b"),
    # --- outage: many users affected ------------------------------------------------------
    Cue("outage", r"\b(?:outage|downtime|service disruption|major incident)s?\b", weak=True),
    Cue("outage", r"\bare you(?: guys)? (?:having|experiencing|seeing) (?:an? |any )?(?:outage|downtime|incident|issues|problems)\b|\bnone of (?:our|the) (?:boards|pages|cards|projects|workspaces) (?:will |can |)(?:load|open|work)\b"),
    Cue("outage", r"\b(?:is|are) (?:taskboard|the (?:site|app|service|api|platform|server|website)|you|your (?:site|app|service|servers?|api|platform|website)|it|everything)(?: guys)? (?:down|offline)\b|\bdown (?:for|across) (?:everyone|all|us|the whole|our)\b"),
    Cue("outage", r"\b(?:service|site|website|app|api|system|platform|servers?|login page|sync|realtime)\b (?:is |are |seems |appears |has been |have been |went |has gone )?(?:completely |totally )?(?:down|offline|unavailable|unreachable|not responding)\b"),
    Cue("outage", r"\b(?:5\d\d errors?|error 5\d\d|50[0234] (?:errors?|bad gateway|service unavailable|gateway)|bad gateway|service unavailable|gateway time-?out|returns? 5\d\d|returning 5\d\d|(?:500|502|503|504)s\b)"),
    Cue("outage", rf"{_ALL_USERS}.{{0,60}}\b{_BROKEN}"),
    Cue("outage", r"\b(?:two |three |several |many |some )?other (?:\w+ )?(?:schools|companies|stores|shops|restaurants|users|customers|businesses|offices|clinics|people|hubs|sites|branches|members)\b.{0,40}\b(?:have|has|see|get|are having|report\w*)? ?(?:the same|same issue|same problem|too|as well)\b"),
    Cue("outage", r"\b(?:reddit|twitter|downdetector|facebook group|forum)\b.{0,40}\b(?:thread|comments|posts|people|reports|everyone|complaining)\b|\bstatus page (?:says|shows|claims)\b.{0,40}\b(?:operational|all green|no issues|fine|normal)\b|\bnone of (?:the |our |my )?(?:\d+ )?(?:students|users|people|staff|members|employees|colleagues|customers|devices|kids|drivers|riders)\b.{0,30}\b(?:can|could|are able to|is able to) (?:open|log|sign|access|load|use|connect|get|send|receive|post|upload|pay|book|order|download)"),
    Cue("outage", rf"\b(?:no (?:signal|service|network|internet|data|connection|coverage|dial tone)|{_BROKEN}|something went wrong|is (?:something|it|everything) down)\b.{{0,160}}\b(?:not just me|not only me|whole (?:street|area|neighbou?rhood|town|city|building|block|region|country|estate|office)|(?:my |our )?neighbou?rs?|(?:my )?friends (?:say|said|have|are|too)|theirs is the same|same for (?:everyone|them|my)|everyone (?:i know|around)|(?:on|in) (?:our|my|the) (?:street|area|block|building|neighbou?rhood)\b.{0,20}\bsame)"),
    Cue("outage", rf"\b(?:not just me|not only me|whole (?:street|area|neighbou?rhood|town|city|building|block|region)|(?:my )?neighbou?rs?|(?:my )?friends say|everyone (?:i know|around))\b.{{0,80}}\b(?:no (?:signal|service|network|internet|connection|coverage)|{_BROKEN}|down|something went wrong|the same)\b"),
    Cue("outage", rf"\b{_BROKEN}\b.{{0,40}}\bfor (?:every(?:one|body)|any(?:one|body)|all (?:of )?(?:us|our|the)|our (?:whole|entire)|the (?:whole|entire)|every (?:user|member|workspace))"),
    Cue("outage", r"\b(?:nothing|none of (?:the|our) (?:boards|pages|cards))\b.{0,30}\b(?:works?|loads?|working|loading)\b.{0,40}\b(?:for|since)\b"),
    Cue("outage", r"\ball (?:of )?(?:our |the |your )?(?:integrations|api calls|requests|pages|workspaces|boards|webhooks|syncs)\b.{0,40}\b(?:fail\w*|down|broken|5\d\d|stopped|timing out|not (?:working|loading|firing))"),
    Cue("outage", r"\b(?:fail\w*|down|broken|stopped)\b.{0,30}\b(?:all|every|each) (?:of our |our )?(?:requests?|integrations|workspaces|pages|users|members)\b"),
    # --- privacy requests -----------------------------------------------------------------
    Cue("privacy", r"\b(?:gdpr|ccpa|cpra|lgpd|pipeda|uk gdpr|popia|dsgvo)\b", weak=True),
    Cue("privacy", r"\bright (?:to|of) (?:be forgotten|erasure|access|rectification|object|restrict\w*|data portability)\b|\bdata subject\b|\bsubject access\b|\bdsars?\b|\barticle (?:15|17|20)\b"),
    Cue("privacy", r"\b(?:delete|erase|remove|purge|wipe|destroy|forget)\b.{0,40}\b(?:(?:my|our|all my|all our|all of my|all of our) (?:personal )?(?:data|information|info|details)|personal (?:data|information|info|details) (?:you (?:have|hold|store|keep|process)|about me|on me|of mine|linked to me)|everything (?:you have|about me|on me|linked to me))\b"),
    Cue("privacy", r"\b(?:delete|erase|remove|purge|wipe|destroy)\b.{0,40}\b(?:(?:all|any|the) )?personal (?:data|information|info|details)\b", weak=True),
    Cue("privacy", r"\b(?:forget|erase) (?:me|everything about me)\b|\b(?:purge|erase|remove|delete|wipe)\w*\b.{0,40}\b(?:from|in) (?:your |the |all )?backups?\b"),
    Cue("privacy", r"\b(?:copy|record|report|export|list) of (?:all )?(?:the )?(?:my |our )?(?:personal (?:data|information|info)|(?:the )?data you (?:hold|have|store|process|keep|collect))"),
    Cue("privacy", r"\b(?:personal (?:data|information|info)|my data)\b.{0,40}\b(?:you (?:hold|have|store|process|keep|collect)|without (?:my )?consent|shared|sold|selling)\b"),
    Cue("privacy", r"\b(?:withdraw\w*|revoke\w*|never (?:gave|given|agreed)|no|without (?:my|our))\b.{0,20}\bconsent\b|\b(?:stop|object to|restrict) (?:the )?processing\b"),
    Cue("privacy", r"\b(?:do not|don't) sell (?:my|our)\b|\bopt(?:ing)? (?:me |us )?out of (?:any |the |all )?(?:marketing|tracking|data|sale|sharing|selling|profiling)|\bstop tracking me\b|\b(?:sale|sharing|selling) (?:or (?:sale|sharing|selling) )?of (?:my|our) (?:personal )?(?:data|information|info|details)\b"),
    Cue("privacy", r"\b(?:erase|delete|remove|purge|wipe|destroy|forget)\b.{0,30}\beverything (?:you|we) (?:hold|have|store|keep|collect)\b|\b(?:asked|wants?|requested|requesting) (?:us |you )?to (?:be forgotten|erase|delete|remove|purge)\b.{0,40}\b(?:data|information|everything|details|events|profiles?|them|him|her)\b|\bbackups?\b.{0,40}\b(?:are |is |be |get )?(?:purged|erased|deleted|wiped|destroyed)\b"),
    Cue("privacy", r"\b(?:share|sell|sold|shared|selling|sharing|pass|give|giving)\b.{0,40}\b(?:my |our )?(?:data|information|info|details|location)\b.{0,50}\b(?:to|with) (?:my |the |any )?(?:insur\w+|advertis\w+|third parties|third-party|partners|anyone|other companies|brokers|data brokers|marketers)\b"),
    Cue("privacy", r"\bwho (?:did|do|have) you (?:give|given|sell|sold|share|shared|pass|passed)\b.{0,30}\b(?:my|our) (?:number|email|address|details|data|information|info)\b|\b(?:you|your company) (?:sold|shared|gave|passed on|leaked) (?:my|our) (?:number|email|address|details|data|info)\b"),
    Cue("privacy", r"\b(?:data protection officer|dpo|data processing (?:agreement|addendum)|dpa|sub-?processors?|standard contractual clauses|sccs?)\b", weak=True),
    Cue("privacy", r"\btransfer\w* (?:our |my )?(?:personal )?data (?:to|outside|out of)\b"),
    # --- regulated topics -------------------------------------------------------------------
    Cue("regulated", r"\b(?:hipaa|baa|phi|finra|sox|sarbanes|fca|sec rule|mifid\w*|pci(?:[- ]dss)?|fedramp|ferpa|coppa|glba|aml|kyc|nis2|dora|fisma|itar|cjis)\b"),
    Cue("regulated", r"\b(?:patient|medical|health|clinical|diagnos\w*|prescription)s? (?:data|information|records?|names|details|notes)\b"),
    Cue("regulated", r"\b(?:patients?|prescriptions|diagnoses|medical records?)\b", weak=True),
    Cue("regulated", r"\b(?:how much|how many|what dose)\b.{0,60}\b(?:give|take)\b.{0,40}\b(?:him|her|my (?:dog|cat|pet|baby|child|son|daughter))\b|\b(?:dog|cat|puppy|kitten|pet|baby|toddler|child|son|daughter)\b.{0,30}\b(?:ate|swallowed|drank|ingested|chewed)\b|\b(?:will|does|would|is) (?:the |my |your )?(?:insurance|insurer|policy)\b.{0,20}\b(?:pay|cover|reimburse)\b|\bshould i charge vat\b|\b(?:need to|have to|will i|do i|should i) (?:\w+ ){0,2}pay (?:any )?tax(?:es)?\b|\bpay tax(?:es)? (?:on|in|for)\b"),
    Cue("regulated", r"\b(?:is it (?:ok|okay|safe|fine|dangerous)|can i|should i|may i) (?:to )?(?:take|mix|combine|give|double)\b.{0,40}\b(?:dose|mg|ml|pills?|tablets?|capsules?|medication|medicine|meds|alcohol|antibiotics?|drugs?|supplements?|vitamins?|[a-z]{3,}(?:in|ol|am|en|ide|ine|one|ate|azole|pril|statin))\b|\bhow many (?:pills|tablets|capsules|mg|doses)\b|\bwrong (?:pills?|medication|medicine|meds|prescription|dose|drug|tablets?)\b|\b(?:missed|double) (?:a |my )?dose\b"),
    Cue("regulated", r"\bpayroll tax(?:es)?\b|\b(?:save|saving|reduce|avoid) (?:on |any )?(?:\w+ )?tax(?:es)?\b|\b(?:1099|w-2|w2) (?:contractors?|employees?|vs|or)\b|\b(?:would|do) you recommend\b.{0,40}\b(?:tax|invest\w*|contractors?|1099|legal|insurance|crypto\w*|bitcoin|stocks?|shares|pension|savings|funds?)\b"),
    Cue("regulated", r"\b(?:regulated|regulator\w*|regulatory|regulations?)\b", weak=True),
    Cue("regulated", r"\b(?:compliant|compliance|certif\w*|accredit\w*)\b.{0,40}\b(?:law|act|regulation|rules|audit|standard|requirements?)\b|\b(?:soc ?2|iso ?27001|iso ?27701)\b"),
    Cue("regulated", r"\b(?:legally|statutor\w*|by law) (?:required|obliged|bound)\b|\b(?:retention|record[- ]keeping) (?:obligations?|requirements?|rules|law)\b"),
    Cue("regulated", r"\bsource of (?:funds|wealth|money)\b|\banti-money laundering\b|\bknow your customer\b"),
    Cue("regulated", r"\b(?:we're|we are|i'm|i am|as) an? (?:\w+ )?(?:bank|insurer|insurance (?:company|broker|provider)|hospital|clinic|pharmacy|broker(?:age)?|credit union|lender|health ?care provider|medical practice|law firm handling|government agency|public authority|school district)\b|\b(?:claims|patient|member health|clinical trial) (?:information|data|records)\b"),
    Cue("regulated", r"\b(?:identity|id) verification\b.{0,40}\b(?:fail\w*|reject\w*|declined|not work\w*|won't|doesn't|didn't)|\b(?:can't|cannot|unable to|couldn't|failed to|won't let me) (?:verify|complete) (?:my |our )?(?:identity|id|verification|kyc)\b"),
    Cue("regulated", r"\b(?:e-?invoic\w*|electronic invoic\w*|tax (?:law|compliance|regulation|authority|exempt\w* law))\b"),
    Cue("regulated", r"\b(?:investment|financial|legal|medical|tax) advice\b"),
    Cue("regulated", r"\b(?:diagnos\w+|cardiologist|doctor|gp|physician|pregnan\w+|heart condition|medication|surgery|chemo\w*|diabet\w+|asthma|epilep\w+|blood pressure)\b.{0,120}\b(?:is (?:it|this|that|the [\w' ]{1,30}) safe|safe for me|should i (?:take|stop|do|keep|avoid)|can i (?:still |safely )?(?:take|do|use|exercise|train))\b"),
    Cue("regulated", r"\b(?:claim|coverage)\b.{0,80}\b(?:denied|rejected|declined|covered or not|be paid|going to be paid|pay out|exclusion|appeal)\b|\bpublic adjuster\b"),
    Cue("regulated", r"\b(?:i'm|i am) (?:only )?(?:[5-9]|1[0-7])(?: years? old| yo| y/o)?\b(?! (?:minutes?|mins?|hours?|days?|weeks?|months?|percent|%|seats?|users?|people|items?|orders?|euros?|dollars?|pounds?|times?|lessons?|km|miles?))(?= and\b| years?\b| yo\b|[.,!]).{0,80}\b(?:account|signed up|sign up|registered|profile|card|bought|paid|subscription)\b"),
    Cue("regulated", r"\b(?:for|on my|my|pay) taxes\b|\bcount as (?:taxable )?income\b|\bshould (?:i|we) (?:invest|put|move|buy|sell|keep|cash out|pay (?:down|off))\b.{0,60}\b(?:savings|pension|retirement|loans?|mortgage|debt|cds?|bonds?|deposit)\b"),
    Cue("regulated", r"\b(?:declare|report|file|put|include)\b.{0,50}\b(?:on|in) (?:my|our|the) (?:tax )?(?:return|taxes|tax form)\b|\b(?:tax implications?|capital gains tax|is (?:it|this|that) taxable)\b"),
    Cue("regulated", r"\bshould (?:i|we) (?:invest|put|move|buy|sell|keep|cash out)\b.{0,50}\b(?:savings|pension|retirement|crypto\w*|bitcoin|stocks?|shares|funds?|money|401k|isa|gold)\b|\bis (?:it|this) (?:a good idea|safe|wise|smart) to (?:invest|put (?:my|our) (?:savings|money))\b"),
    Cue("regulated", r"\b(?:my|our) (?:son|daughter|child|kid|nephew|niece|grandson|granddaughter|boy|girl) (?:is |who is |is only |just turned )?(?:[5-9]|1[0-7])\b.{0,100}\b(?:account|signed up|sign(?:ed)? in|registered|profile|card|bought|purchased|paid|opened|chatting|messag\w+|matched)\b|\b(?:underage|under-age|a minor)\b"),
    Cue("regulated", r"\b(?:i am|i'm|we are) (?:blind|deaf|visually impaired|partially sighted|hard of hearing)\b|\bwcag\b|\b(?:ada|accessibility) (?:law|complian\w*|requirements?|lawsuit|regulations?)\b|\bscreen ?readers?\b.{0,80}\b(?:can't|cannot|unable|doesn't|won't|not work\w*|unlabel\w*|impossible)\b"),
    Cue("regulated", r"\bdata residency\b|\b(?:must|required to|has to|have to) (?:stay|be stored|remain) in (?:the )?(?:eu|uk|us|europe|country)\b"),
    # --- contract and cancellation --------------------------------------------------------
    Cue("contract", r"\b(?:policy|membership|subscription|contract|cover(?:age)?|insurance|line|package|tariff|bundle)\b.{0,20}\b(?:to )?(?:stop|end|terminate|lapse)\b.{0,30}\b(?:at the end of|from|on|after|when|by)\b|\b(?:stop|end|terminate) (?:my|the|our) (?:\w+ )?(?:policy|membership|cover|insurance|subscription|line)\b|\bmid-?(?:term|contract)\b|\b(?:drop|reduce|cut|downgrade|go down)\w* (?:\w+ ){0,2}(?:to|from) \d+ (?:seats|licen[cs]es|users|members)\b"),
    Cue("contract", r"\bcancel\w*\b.{0,30}\b(?:subscription|account|plan|contract|membership|service|renewal|policy|insurance|cover|line|package|agreement|licen[cs]es?)\b"),
    Cue("contract", r"\b(?:subscription|plan|contract|membership|agreement) (?:\w+ ){0,3}cancel\w*\b"),
    Cue("contract", r"\b(?:close|delete|terminate|deactivate|end|shut down) (?:my|our|the|this) (?:company |whole |entire |team |business )?(?:account|subscription|contract|agreement|workspace)\b"),
    Cue("contract", r"\bterminat\w*\b.{0,30}\b(?:early|agreement|contract|subscription|effective)\b|\bearly termination\b|\btermination fee\b"),
    Cue("contract", r"\b(?:not|don't|do not|won't|will not|never) (?:to )?(?:auto-?)?renew\b|\bnon-?renewal\b|\bauto[- ]?renew\w*\b|\brenewal (?:terms|price|quote|contract|negotiation)\b"),
    Cue("contract", r"\b(?:negotiate|amend|renegotiate|redline|sign|review|update|change)\w*\b.{0,40}\b(?:contract|agreement|terms|order form|msa|dpa|sla|enterprise agreement)\b", weak=True),
    Cue("contract", r"\b(?:msa|master (?:services? )?agreement|order form|sla|service level agreement|service credits?|notice period|minimum term|lock-?in|commitment (?:period|term))\b", weak=True),
    Cue("contract", r"\b(?:our|the|your|my) (?:contract|agreement|terms) (?:says|states|requires|guarantees|promises)\b|\bmonths? into (?:a|our|the|my) .{0,20}\b(?:commitment|contract|term)\b"),
    Cue("contract", r"\b(?:leave|leaving|moving away from|switching away from|quit(?:ting)?|stop using) (?:\w+ )?(?:at the end of (?:our|the|my|this) (?:term|contract|subscription|billing period|year)|your (?:service|product|platform|tool|app))\b"),
    Cue("contract", r"\b\d+ months? (?:left|remaining|to go)\b.{0,220}\b(?:end|leave|leaving|cancel|terminate|get out|early|exit|break)\w*\b|\b(?:end|leave|cancel|terminate|get out of|break|exit) (?:it|my contract|the contract|my plan|the plan|the agreement) early\b|\boptions? to (?:end|cancel|terminate|exit|get out of|leave) (?:the|my|our|this) (?:plan|contract|subscription|agreement|membership|policy)\b"),
    Cue("contract", r"\b(?:won't|will not|not going to|don't want to|do not want to|do not plan to|don't plan to) (?:continue|renew|extend|stay on|keep)\b.{0,40}\b(?:after|beyond|past|when|once|at the end)\b|\b(?:nothing|it|the plan|the subscription|the contract) (?:rolls|roll|rolling) over\b|\bdoesn't roll over\b"),
    Cue("contract", r"\b(?:moving|switching|migrating|going) to (?:another|a different|a competing|a competitor'?s?) (?:tool|product|provider|vendor|service|platform)\b"),
    Cue("contract", r"\b(?:leave|leaving|cancel\w*|end|ending|terminate|not renew\w*|won't renew|moving|switching|stop using)\b.{0,40}\b(?:when|after|once|at the end of|before) (?:the |our |my )?(?:contract|term|subscription|agreement|commitment)\b"),
    # --- refund ----------------------------------------------------------------------------
    Cue("refund", r"\brefund(?:s|ed|ing)?\b", weak=True),
    Cue("refund", r"\b(?:want|need|would like|like|request\w*|get|issue|give|process|expect|demand|owe[sd]?|deserve|where is|waiting (?:for|on)|receive|promised)\b.{0,25}\brefund\w*"),
    Cue("refund", r"\brefund (?:me|us|my|our|the|this|it|that|for)\b|\b(?:my|our|the) refund\b(?! polic)"),
    Cue("refund", r"\b(?:money|payment|cash) back\b|\breimburs\w*|\bchargeback\b|\bcharge ?back\b"),
    Cue("refund", r"\b(?:money|amount|cash|payment|funds|\$?\d[\d.,]*)\b.{0,15}\b(?:put |paid |sent |credited )?back (?:on|to|into|onto) (?:my|our|the) (?:card|account|bank|balance|wallet|visa|mastercard|amex|paypal|credit card|debit card)\b"),
    Cue("refund", r"\bcan you (?:just )?(?:reverse|undo|refund|void|cancel) (?:it|that|this|the (?:purchase|payment|order|charge))\b.{0,60}\b(?:by (?:accident|mistake)|accidentally|haven't used|didn't mean|wrong)\b|\b(?:accidentally|by (?:accident|mistake)) (?:bought|purchased|ordered|paid|subscribed|renewed)\b|\b(?:bought|purchased|ordered|paid for|subscribed to) .{0,40}\bby (?:accident|mistake)\b"),
    Cue("refund", r"\bwhere(?:'s| is) (?:my|our|the) (?:[$€£]\s?\d[\d.,]*|\d[\d.,]*\s?(?:dollars|euros?|pounds|usd|eur|gbp)?|money|reimbursement)\b|\b(?:sent|send|shipped|returned|mailed|posted) (?:it|them|the \w+|my \w+) back\b.{0,80}\b(?:where|still|haven't|not|no)\b"),
    Cue("refund", r"\b(?:pay|give|send) (?:it|me|us|that|them|the money)(?: all)? back\b|\b(?:get|want|have) (?:the |my |our )?(?:money|difference|payment|\$?\d[\d,.]*) back\b|\bback the difference\b|\b(?:refund|credit|return) (?:me |us )?the difference\b"),
    Cue("refund", r"\b(?:reverse|undo|void)\b.{0,20}\b(?:the |this |that |my |our )?(?:charge|payment|purchase)\b|\bcancel (?:the |this |that |my |our )?(?:charge|purchase)\b"),
    Cue("refund", r"\b(?:undo|reverse|cancel|void|refund) (?:that|this|the) (?:purchase|upgrade|order|payment|charge|renewal)\b"),
    Cue("refund", r"\b(?:compensat\w*|credit (?:back|note)|(?:a|some) credit)\b.{0,40}\b(?:for|because|after|downtime|outage)\b"),
    # --- billing disputes --------------------------------------------------------------------
    Cue("billing", rf"\b(?:charged|billed|debited|paid|invoiced|taking money|took money|taken money) (?:from )?(?:me |us |my card |our card |my account )?(?:twice|two times|double|again|2x|3x|\d+ times|multiple times|several times|three times)\b|\bdouble[- ]?(?:charg|bill)\w*|\bduplicate (?:charge|payment|invoice|transaction)s?\b|\btwo (?:identical |separate )?{_CHARGE}"),
    Cue("billing", rf"\b{_CHARGE}\b.{{0,50}}\b(?:i|we) (?:don't|do not|didn't|did not|can't|cannot) (?:recogni[sz]e|know|remember|authori[sz]e|understand)\b|\bunrecogni[sz]ed {_CHARGE}|\b(?:unknown|mystery|strange|unexpected|random) {_CHARGE}"),
    Cue("billing", r"\bwhat is (?:this|that) (?:charge|payment|transaction|fee)\b"),
    Cue("billing", r"\b(?:invoiced|billed|charged|paying|pay) (?:us |me )?for \d+ (?:users|seats|licen[cs]es|members|people)\b.{0,60}\b(?:although|but|even though|only|while|when|after)\b|\b(?:corrected|amended|revised) invoice\b|\bcredit note\b"),
    Cue("billing", r"\b(?:paid|payment went through|was charged|been charged)\b.{0,50}\b(?:still (?:says|shows|on|free|locked|the free)|not (?:upgraded|applied|activated|showing)|no upgrade)\b|\bmoney (?:is|has) gone\b|\bmoney (?:was|has been) taken\b|\bstop (?:charging|billing|taking money)\b"),
    Cue("billing", r"\b(?:invoice|bill|charge|total|price|amount)\b.{0,50}\bbut\b.{0,40}\b(?:quote|quoted|agreed|signed|promised|contract|offer(?:ed)?|should (?:be|have been)|was supposed)\b"),
    Cue("billing", r"\b(?:where is|where's|still waiting (?:for|on)|never (?:got|received)) (?:my|our|the) (?:credit(?! card)|discount|free months?|promo\w*)\b|\b(?:promised|told|offered|said)\b.{0,40}\b(?:free months?|months? free|credit|discount)\b.{0,40}\b(?:but|where|not|never|haven't|didn't)\b"),
    Cue("billing", r"\b(?:wrong|incorrect|different|higher|inflated) (?:amount|price|total|vat|tax|invoice|bill|rate|number of seats|seat count)\b|\b(?:amount|price|total|invoice|bill)\b.{0,40}\b(?:doesn't|does not|don't|didn't) match\b"),
    Cue("billing", rf"\bover-?charg\w*|\b{_MONEY_VERB}\b.{{0,20}}\b(?:the wrong|full price|too much|more than|extra|twice)\b"),
    Cue("billing", rf"\b(?:still|keep|kept|continue\w*) {_MONEY_VERB}\b|\b{_MONEY_VERB} (?:me |us |my card |our card )?(?:after|even though|despite|although|without)\b|\b(?:took|taken|take) (?:money|payment)\b"),
    Cue("billing", r"\b(?:bill|invoice|price|renewal|charge|cost)s?\b.{0,20}\b(?:went up|go up|jumped|doubled|increased|tripled|rose)\b|\bprice (?:increase|hike|change)\b.{0,40}\b(?:without|no) (?:notice|warning|telling)"),
    Cue("billing", r"\b(?:charged|billed|invoiced)\b.{0,30}\binstead of\b"),
    Cue("billing", r"\b(?:hidden|surprise|late|unexpected|mystery) (?:fee|charge)s?\b|\b(?:extra|additional) (?:fee|charge)s? (?:on|in|appeared|showed|was|were|has|have|that)\b|\bfee (?:was |has been )?(?:charged|added|applied)\b|\bcharged (?:me |us )?(?:an? )?(?:fee|extra)\b"),
    Cue("billing", r"\bdisput\w*\b.{0,30}\b(?:charge|invoice|bill|payment|transaction)\b"),
    Cue("billing", r"\b(?:seats|users|licen[cs]es)\b.{0,40}\b(?:but|only) (?:we |i )?(?:only )?(?:have|pay for|use|need)\b|\b(?:pay|paying|charged|billed) for \d+\b.{0,30}\b(?:but|only|have)\b"),
    Cue("billing", r"\b(?:coupon|discount|promo)\w*\b.{0,40}\b(?:not applied|wasn't applied|didn't apply|missing|charged full)|\bcharged full price\b"),
    Cue("billing", r"\bwhy (?:was|were|am|are|did|have|has) (?:i|we|you|my card|our card)\b.{0,25}\b(?:charged|billed|debited|taken|charge)\b"),
    Cue("billing", r"\b(?:exchange|conversion) (?:rate|fee)\b.{0,30}\b(?:wrong|incorrect|bad|unfair|too high|extra)|\bwrong (?:exchange|conversion) rate\b"),
    # --- asks for a human or a complaint path ------------------------------------------------
    Cue("asks_for_human", r"\b(?:talk|speak|chat|get through|connect me|transfer me|put me through)\b.{0,20}\b(?:to|with) (?:a |an |some |your |the )?(?:real |actual |live |human |senior )?(?:person|human|someone|somebody|agent|representative|rep|manager|supervisor|people|team lead|engineer)\b"),
    Cue("asks_for_human", r"\b(?:real|actual|live) (?:person|human|agent|people)\b|\bhuman being\b|\bnot (?:a |an )?(?:bot|robot|machine|ai|template|automated)\b|\bare you (?:a )?(?:bot|robot|real|human)\b"),
    Cue("asks_for_human", r"\b(?:a|any|some) (?:real )?(?:person|human|one|body|people) (?:i|we) (?:can|could) (?:speak|talk|chat) (?:with|to)\b|\banyone (?:i|we) (?:can|could) (?:speak|talk|chat) (?:with|to)\b"),
    Cue("asks_for_human", r"\b(?:get|need|want|send|have|find) (?:a |an |some )?(?:human|person|someone senior|somebody senior|real person|manager|supervisor)\b.{0,20}\b(?:to |look|check|help|call|contact|review|handle)?"),
    Cue("asks_for_human", r"\b(?:pass|forward|hand|send|give|route|transfer|escalate) (?:this|it|me|my (?:ticket|case|request)|the (?:ticket|case))(?: on| over)? to (?:someone|somebody|a (?:person|human|colleague|specialist)|your (?:boss|manager|superior|supervisor|team lead)|the right person|a real)\b|\bsome(?:one|body) (?:who|that) (?:can|could|is able to) (?:actually )?(?:help|decide|make decisions|fix|sort|resolve|do something)\b"),
    Cue("asks_for_human", r"\bescalat\w*\b", weak=True),
    Cue("asks_for_human", r"\b(?:your|a|the) (?:supervisor|manager|boss|team lead)\b", weak=True),
    Cue("asks_for_human", r"\b(?:file|make|lodge|raise|submit|register|open) (?:a |an )?(?:formal |official )?complaint\b|\bcomplaints? (?:procedure|process|department|path|policy|form)\b|\bwant to complain\b"),
    Cue("asks_for_human", r"(?<!not a )(?<!not really a )\bcomplain\w*\b", weak=True),
    Cue("asks_for_human", r"\b(?:call|phone|ring) (?:me|us)\b|\b(?:call|phone) (?:me |us )?back\b|\bcall-?back\b|\b(?:phone|video) call\b|\bbook a call\b|\bgive (?:me|us) a call\b"),
    Cue("asks_for_human", r"\b(?:automated|auto|canned|template|generic|bot|robot) (?:replies|reply|responses|response|answers|answer|emails)\b"),
)
