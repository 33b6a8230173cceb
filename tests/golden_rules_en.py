"""The English "Golden Rules" for sentence boundary detection (48 cases).

Public test set by Kevin Dias (Pragmatic Segmenter), as also used by pySBD:
each rule is (id, input text, expected sentences). Data only.
"""

from __future__ import annotations

GOLDEN_RULES_EN: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("01-simple-period", "Hello World. My name is Jonas.", ("Hello World.", "My name is Jonas.")),
    ("02-question-mark", "What is your name? My name is Jonas.", ("What is your name?", "My name is Jonas.")),
    ("03-exclamation-point", "There it is! I found it.", ("There it is!", "I found it.")),
    ("04-one-letter-upper-abbrev", "My name is Jonas E. Smith.", ("My name is Jonas E. Smith.",)),
    ("05-one-letter-lower-abbrev", "Please turn to p. 55.", ("Please turn to p. 55.",)),
    (
        "06-two-letter-lower-abbrev-mid",
        "Were Jane and co. at the party?",
        ("Were Jane and co. at the party?",),
    ),
    (
        "07-two-letter-upper-abbrev-mid",
        "They closed the deal with Pitt, Briggs & Co. at noon.",
        ("They closed the deal with Pitt, Briggs & Co. at noon.",),
    ),
    (
        "08-two-letter-lower-abbrev-end",
        "Let's ask Jane and co. They should know.",
        ("Let's ask Jane and co.", "They should know."),
    ),
    (
        "09-two-letter-upper-abbrev-end",
        "They closed the deal with Pitt, Briggs & Co. It closed yesterday.",
        ("They closed the deal with Pitt, Briggs & Co.", "It closed yesterday."),
    ),
    ("10-two-letter-prepositive-abbrev", "I can see Mt. Fuji from here.", ("I can see Mt. Fuji from here.",)),
    (
        "11-two-letter-prepositive-and-postpositive",
        "St. Michael's Church is on 5th st. near the light.",
        ("St. Michael's Church is on 5th st. near the light.",),
    ),
    ("12-possessive-abbrev", "That is JFK Jr.'s book.", ("That is JFK Jr.'s book.",)),
    ("13-multi-period-abbrev-mid", "I visited the U.S.A. last year.", ("I visited the U.S.A. last year.",)),
    (
        "14-multi-period-abbrev-end",
        "I live in the E.U. How about you?",
        ("I live in the E.U.", "How about you?"),
    ),
    (
        "15-us-as-sentence-boundary",
        "I live in the U.S. How about you?",
        ("I live in the U.S.", "How about you?"),
    ),
    (
        "16-us-as-non-boundary-capital-word",
        "I work for the U.S. Government in Virginia.",
        ("I work for the U.S. Government in Virginia.",),
    ),
    (
        "17-us-as-non-boundary",
        "I have lived in the U.S. for 20 years.",
        ("I have lived in the U.S. for 20 years.",),
    ),
    (
        "18-am-pm-abbrevs",
        "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store.",
        (
            "At 5 a.m. Mr. Smith went to the bank.",
            "He left the bank at 6 P.M.",
            "Mr. Smith then went to the store.",
        ),
    ),
    ("19-number-with-decimal", "She has $100.00 in her bag.", ("She has $100.00 in her bag.",)),
    (
        "20-number-with-decimal-end",
        "She has $100.00. It is in her bag.",
        ("She has $100.00.", "It is in her bag."),
    ),
    (
        "21-parenthetical-inner-sentence",
        "He teaches science (He previously worked for 5 years as an engineer.) at the local University.",
        ("He teaches science (He previously worked for 5 years as an engineer.) at the local University.",),
    ),
    (
        "22-email-address",
        "Her email is Jane.Doe@example.com. I sent her an email.",
        ("Her email is Jane.Doe@example.com.", "I sent her an email."),
    ),
    (
        "23-web-address",
        "The site is: https://www.example.50.com/new-site/awesome_content.html. Please check it out.",
        ("The site is: https://www.example.50.com/new-site/awesome_content.html.", "Please check it out."),
    ),
    (
        "24-single-quotations-inside",
        "She turned to him, 'This is great.' she said.",
        ("She turned to him, 'This is great.' she said.",),
    ),
    (
        "25-double-quotations-inside",
        'She turned to him, "This is great." she said.',
        ('She turned to him, "This is great." she said.',),
    ),
    (
        "26-double-quotations-end",
        'She turned to him, "This is great." She held the book out to show him.',
        ('She turned to him, "This is great."', "She held the book out to show him."),
    ),
    ("27-double-exclamation", "Hello!! Long time no see.", ("Hello!!", "Long time no see.")),
    ("28-double-question", "Hello?? Who is there?", ("Hello??", "Who is there?")),
    ("29-exclamation-question", "Hello!? Is that you?", ("Hello!?", "Is that you?")),
    ("30-question-exclamation", "Hello?! Is that you?", ("Hello?!", "Is that you?")),
    (
        "31-list-period-paren-no-end",
        "1.) The first item 2.) The second item",
        ("1.) The first item", "2.) The second item"),
    ),
    (
        "32-list-period-paren-end",
        "1.) The first item. 2.) The second item.",
        ("1.) The first item.", "2.) The second item."),
    ),
    (
        "33-list-paren-no-end",
        "1) The first item 2) The second item",
        ("1) The first item", "2) The second item"),
    ),
    (
        "34-list-paren-end",
        "1) The first item. 2) The second item.",
        ("1) The first item.", "2) The second item."),
    ),
    (
        "35-list-period-no-end",
        "1. The first item 2. The second item",
        ("1. The first item", "2. The second item"),
    ),
    (
        "36-list-period-end",
        "1. The first item. 2. The second item.",
        ("1. The first item.", "2. The second item."),
    ),
    (
        "37-list-bullet-number",
        "• 9. The first item • 10. The second item",
        ("• 9. The first item", "• 10. The second item"),
    ),
    (
        "38-list-hyphen-bullet-number",
        "⁃9. The first item ⁃10. The second item",
        ("⁃9. The first item", "⁃10. The second item"),
    ),
    (
        "39-list-letters",
        "a. The first item b. The second item c. The third list item",
        ("a. The first item", "b. The second item", "c. The third list item"),
    ),
    (
        "40-numero-and-dotted-number",
        "You can find it at N°. 1026.253.553. That is where the treasure is.",
        ("You can find it at N°. 1026.253.553.", "That is where the treasure is."),
    ),
    (
        "41-exclamation-in-name",
        "She works at Yahoo! in the accounting department.",
        ("She works at Yahoo! in the accounting department.",),
    ),
    (
        "42-i-as-pronoun-and-initial",
        "We make a good team, you and I. Did you see Albert I. Jones yesterday?",
        ("We make a good team, you and I.", "Did you see Albert I. Jones yesterday?"),
    ),
    (
        "43-ellipsis-at-end-of-quote",
        "Thoreau argues that by simplifying one’s life, “the laws of the universe will appear less complex. . . .”",
        (
            "Thoreau argues that by simplifying one’s life, “the laws of the universe will appear less complex. . . .”",
        ),
    ),
    (
        "44-bracketed-ellipsis-in-quote",
        '"Bohr [...] used the analogy of parallel stairways [...]" (Smith 55).',
        ('"Bohr [...] used the analogy of parallel stairways [...]" (Smith 55).',),
    ),
    (
        "45-spaced-ellipsis-then-period",
        "If words are left off at the end of a sentence, and that is all that is omitted, indicate the omission"
        " with ellipsis marks (preceded and followed by a space) and then indicate the end of the sentence with"
        " a period . . . . Next sentence.",
        (
            "If words are left off at the end of a sentence, and that is all that is omitted, indicate the omission"
            " with ellipsis marks (preceded and followed by a space) and then indicate the end of the sentence with"
            " a period . . . .",
            "Next sentence.",
        ),
    ),
    (
        "46-four-dot-ellipsis-end",
        "I never meant that.... She left the store.",
        ("I never meant that....", "She left the store."),
    ),
    (
        "47-ellipses-mid-sentence",
        "I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it.",
        (
            "I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it.",
        ),
    ),
    (
        "48-ellipsis-after-full-stop",
        "One further habit which was somewhat weakened . . . was that of combining words into self-interpreting"
        " compounds. . . . The practice was not abandoned. . . .",
        (
            "One further habit which was somewhat weakened . . . was that of combining words into self-interpreting"
            " compounds.",
            ". . . The practice was not abandoned. . . .",
        ),
    ),
)
