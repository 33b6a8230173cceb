"""Breaking-news histories in plain English, with known truth: a story written the way a newsroom updates it.

Each topic is hand-written material — a dateline, facts (some with counts that
rise as the story goes on), quotes and the people quoted, the words reporters
add — and :func:`generate_news` writes a story from it, one update at a time,
with the changes of :mod:`revtrack.testing.harder`: formulaic quotes
(``"…," the fire chief said.``), update stamps and datelines, "Check back for
updates." added and removed, counts revised (``At least two people`` → ``At
least three people``), clauses split off with a few new words, merges, clauses
that move between sentences, quotes that return inside other sentences,
deletions and restorations. Truth conventions are those of
:mod:`revtrack.testing.harder`.

Topics in :data:`TUNING_TOPICS` may be looked at while tuning; :data:`HELD_OUT_TOPICS`
(and every seed from 1000 up) are kept for measuring only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from revtrack.testing.harder import HARD_OPERATIONS, HardWriter
from revtrack.testing.synthetic import History, _Sentence, _Word, run_writer

__all__ = ["HELD_OUT_TOPICS", "NEWS_OPERATIONS", "TOPICS", "TUNING_TOPICS", "Topic", "generate_news"]


@attrs.frozen
class Topic:
    """The material of one story."""

    name: str
    dateline: str
    facts: tuple[str, ...]
    """Sentences without their full stop; the first is the lede."""
    quotes: tuple[str, ...]
    """What people said, without quotation marks or the closing comma."""
    speakers: tuple[str, ...]
    """The formula after a quote: ``the fire chief said``, ``officials said``."""
    openers: tuple[str, ...]
    """Words that open a clause made a sentence of its own (``The blaze``)."""
    extras: tuple[str, ...]
    """Single words a reporter adds or swaps in while editing."""


_EXTRAS = (
    "nearby",
    "early",
    "still",
    "later",
    "also",
    "several",
    "local",
    "reportedly",
    "quickly",
    "officially",
    "largely",
    "briefly",
)

TOPICS: dict[str, Topic] = {
    "fire": Topic(
        "fire",
        "MILLBROOK, Ohio (AP) —",
        (
            "A fire tore through a chemical warehouse on the east side of Millbrook on Tuesday, sending a column of black smoke over the river and forcing hundreds of residents from their homes",
            "At least two workers were taken to Mercy Hospital with burns",
            "The blaze started shortly after 6 in the morning, when a forklift struck a pallet of solvent drums",
            "Firefighters from four counties spent most of the day keeping the flames away from a propane tank behind the building",
            "Residents within a mile of the warehouse were told to stay indoors and keep their windows closed",
            "The warehouse is owned by Calder Industrial Supply, which stores cleaning products and paint thinners for hardware chains across the region",
            "State inspectors cited the company twice last year for blocked exits and missing fire extinguishers",
            "Route 9 was closed in both directions between Elm Street and the county line",
            "The Red Cross opened a shelter at Millbrook High School, where about 80 people spent the afternoon",
            "Air monitors set up by the county found no dangerous levels of chemicals outside the evacuation zone",
            "A firefighter was treated for heat exhaustion at the scene and released",
            "Schools in the district will be closed on Wednesday while crews check the air in the buildings",
            "The cause of the fire is under investigation by the state fire marshal",
            "Neighbors said they heard a series of loud bangs before the roof collapsed",
            "The company said all 23 employees on the morning shift had been accounted for",
            "Smoke from the fire could be seen from the interstate, more than 10 miles away",
            "Runoff from the fire hoses reached a drainage ditch that empties into the river, and crews laid booms across it",
            "The evacuation order was lifted for most streets by evening, but about 40 homes closest to the site remain empty",
            "It was the third large fire at an industrial site in the county this year",
            "Calder Industrial Supply has operated the warehouse since 2009 and employs about 60 people there",
        ),
        (
            "We were lucky the wind was blowing toward the river and not toward the houses",
            "Everyone who was inside that building got out, and that is what matters tonight",
            "I grabbed my kids and my dog and we just drove",
            "The tank was our biggest worry all day",
            "We will cooperate fully with the fire marshal and with the state",
            "Nobody should go back into that area until we tell them it is safe",
            "You could feel the heat from across the road",
            "We have never seen a fire like this in Millbrook",
            "Our crews did an incredible job under very dangerous conditions",
            "I am asking everyone to stay away from the scene",
        ),
        (
            "Fire Chief Dana Ruiz said",
            "officials said",
            "the mayor said",
            "said Tom Berger, who lives two blocks away",
            "the company said in a statement",
            "a neighbor said",
        ),
        ("The blaze", "Crews", "It", "The fire", "Officials"),
        _EXTRAS,
    ),
    "election": Topic(
        "election",
        "HARTFORD, Conn. (AP) —",
        (
            "Voters in the 5th District were choosing a new member of Congress on Tuesday in a special election that both parties have treated as a test of the fall campaign",
            "Polls close at 8 in the evening, and results are expected within a few hours",
            "State Senator Maria Lindqvist, a Democrat, faces former mayor Paul Okafor, a Republican, for the seat left empty when Representative Alan Brooks resigned in March",
            "Turnout was running ahead of the last special election, according to the secretary of state",
            "Lines formed at several polling places in Waterbury before the doors opened",
            "The two campaigns and outside groups spent more than 12 million dollars on advertising, most of it in the final month",
            "Lindqvist has focused on the cost of child care and on a plan to expand the rail line to New Haven",
            "Okafor has campaigned on property taxes and public safety, pointing to his record as mayor of Torrington",
            "A polling place in Bristol opened an hour late because a poll worker was locked out of the building",
            "Voters there were allowed to cast provisional ballots until the doors opened",
            "The district voted for the Democratic candidate for president by 4 points in the last election",
            "Absentee ballots must be received by the close of polls to be counted",
            "With 40 percent of precincts reporting, Lindqvist led with 51 percent of the vote",
            "Okafor told supporters in Torrington that the race was too close to call",
            "The winner will serve the rest of Brooks's term, which ends in January",
            "Both candidates are expected to run again in November",
            "Election officials said they had received no reports of serious problems at the polls",
            "The secretary of state's office said a website that reports results was briefly slow under heavy traffic",
            "The Associated Press declared Lindqvist the winner shortly before midnight",
            "A recount is automatic in Connecticut if the margin is less than half a percentage point",
        ),
        (
            "People came out today because they want someone who will fight for them",
            "We ran a campaign we can be proud of",
            "This is not over until every vote is counted",
            "The lines this morning were longer than anything I have seen in twenty years",
            "I voted for him because taxes are killing this town",
            "Child care costs more than my rent",
            "Every eligible voter who was in line will be able to vote",
            "We are watching the numbers come in and we feel good",
            "The voters have spoken and I respect their decision",
        ),
        (
            "Lindqvist said",
            "Okafor said",
            "officials said",
            "the secretary of state said",
            "said Janet Ruiz, a retired teacher in Waterbury",
            "a campaign spokesman said",
        ),
        ("The race", "She", "He", "It", "Officials"),
        _EXTRAS,
    ),
    "earthquake": Topic(
        "earthquake",
        "ANTAKYA, Turkey (Reuters) —",
        (
            "A strong earthquake struck southern Turkey early on Monday, toppling buildings in several cities and killing at least 12 people",
            "The quake had a magnitude of 6.4 and was centered about 15 kilometers south of Antakya, according to the country's disaster agency",
            "It struck at a depth of 10 kilometers, shortly after 4 in the morning, when most people were asleep",
            "Rescue teams were searching the rubble of at least 30 collapsed buildings in Antakya and the nearby town of Defne",
            "More than 200 people were injured, and hospitals in the region moved patients into tents in their car parks",
            "At least 40 aftershocks followed the main quake, the strongest of them with a magnitude of 5.1",
            "The region is still rebuilding from the earthquakes of last year, which killed tens of thousands of people in Turkey and Syria",
            "Many residents spent the day outdoors, afraid to return to buildings that had cracked",
            "Power was cut in parts of Hatay province, and the main road to the airport was damaged",
            "The government said it was sending 3,000 rescue workers and 500 tents to the area",
            "Tremors were felt as far away as Cyprus and Lebanon",
            "In Syria, the quake damaged homes in Idlib province, where rescue workers said three people had died",
            "Schools across Hatay will stay closed for the rest of the week",
            "Engineers will inspect every building in the worst-hit neighborhoods before people are allowed back",
            "Many of the buildings that collapsed had been repaired after last year's quakes, according to local officials",
            "Volunteers handed out blankets and hot soup at a stadium that has been turned into a shelter",
            "The disaster agency asked people not to drive into the city so that ambulances could get through",
            "Prosecutors opened an investigation into the contractors who repaired the collapsed buildings",
            "A teenage girl was pulled alive from the ruins of an apartment block in Defne after 14 hours",
        ),
        (
            "We heard the walls crack and ran into the street with nothing",
            "Our teams will work through the night as long as there is hope",
            "I cannot go back inside, I am too scared",
            "We were told this building was safe",
            "All our hospitals in the region are working at full capacity",
            "Anyone responsible for shoddy construction will be held to account",
            "We are still hearing voices under the rubble",
            "This is the second time I have lost my home",
        ),
        (
            "the disaster agency said",
            "officials said",
            "the health minister said",
            "the governor of Hatay said",
            "said Ayse Demir, a shopkeeper in Antakya",
            "a rescue worker said",
        ),
        ("The quake", "Rescuers", "It", "The agency", "Officials"),
        _EXTRAS,
    ),
    "market": Topic(
        "market",
        "NEW YORK (Reuters) —",
        (
            "Stocks fell sharply on Wall Street on Thursday after a report showed inflation rising faster than expected, raising fears that the Federal Reserve will keep interest rates high",
            "The S&P 500 dropped 2.1 percent, its worst day since October",
            "The Dow Jones Industrial Average lost 640 points, and the Nasdaq composite fell 2.8 percent",
            "Consumer prices rose 0.6 percent in March from February, the Labor Department said, compared with economists' forecasts of 0.3 percent",
            "Technology shares led the decline, with chipmakers falling the most",
            "The yield on the 10-year Treasury note jumped to 4.7 percent from 4.5 percent late on Wednesday",
            "Traders now see little chance that the Fed will cut rates at its meeting in June",
            "Oil prices rose for a third day as tensions in the Middle East threatened supplies",
            "The dollar gained against the euro and the yen",
            "Shares of airlines and cruise operators fell as fuel costs climbed",
            "Banks were among the few gainers, helped by the prospect of higher lending rates",
            "Trading volume was heavier than usual, with about 14 billion shares changing hands",
            "Markets in Europe closed lower, and Asian markets are expected to follow on Friday",
            "Gold fell 1 percent as the dollar rose",
            "The Fed's chair is scheduled to speak at an economic forum in Washington next week",
            "Retail sales figures due on Friday will give another reading on how consumers are coping with higher prices",
            "Small company stocks, which depend more on borrowing, fell 3.4 percent",
            "Analysts said the report could push mortgage rates back above 7 percent",
        ),
        (
            "This report takes a rate cut off the table for now",
            "Markets had priced in a perfect landing, and today they got a reminder that it is not that simple",
            "Inflation is proving stickier than anyone hoped",
            "We are telling clients to stay patient and not to chase the selloff",
            "The bond market is doing the Fed's work for it",
            "Investors have been too optimistic for months",
            "It is one report, and one report does not make a trend",
            "We expect volatility to stay high until the Fed speaks",
        ),
        (
            "analysts said",
            "traders said",
            "said Karen Liu, chief strategist at Harbor Point Capital",
            "a Fed official said",
            "economists said",
            "the Labor Department said",
        ),
        ("The index", "Investors", "It", "The selloff", "Analysts"),
        _EXTRAS,
    ),
    "verdict": Topic(
        "verdict",
        "PHOENIX (AP) —",
        (
            "A jury in Phoenix on Friday found a former county treasurer guilty of stealing more than 2 million dollars from a fund meant to pay for school repairs",
            "Gerald Mayhew, 61, was convicted on 14 counts of embezzlement and fraud after a trial that lasted five weeks",
            "The jury deliberated for two days before returning its verdict",
            "Mayhew showed no reaction as the verdicts were read, and his wife wept in the row behind him",
            "Prosecutors said Mayhew moved money from the fund into accounts controlled by a company he secretly owned",
            "The defense argued that Mayhew had been following the advice of outside accountants and did not know the transfers were illegal",
            "He faces up to 20 years in prison on the most serious count",
            "Sentencing was set for June 12",
            "The judge ordered Mayhew held without bail, saying he had a passport and money abroad",
            "The missing money was discovered in 2021 when a school district asked why its roof repairs had not been paid for",
            "The county has since recovered about 600,000 dollars, according to court records",
            "Two of Mayhew's former aides pleaded guilty last year and testified against him",
            "His lawyers said they would appeal",
            "The case led the county to hire an outside firm to audit every fund the treasurer's office manages",
            "Several parents who had followed the trial were in the courtroom when the verdict was read",
            "Mayhew served three terms as treasurer and ran unopposed in his last election",
            "The jury acquitted him on two counts of money laundering",
            "Prosecutors said they would seek restitution for the school districts",
        ),
        (
            "Justice was served today for every child in this county",
            "We respect the jury but we believe the evidence did not support this verdict",
            "He betrayed the trust of the people who elected him",
            "My son spent two winters in a classroom with a leaking roof",
            "This is a sad day for our family",
            "Public money is not a personal bank account",
            "We will be filing an appeal as soon as possible",
            "The jurors took their job very seriously",
        ),
        (
            "the county attorney said",
            "his lawyer said",
            "prosecutors said",
            "said Linda Ochoa, a parent in the Mesa district",
            "the judge said",
            "officials said",
        ),
        ("The jury", "He", "It", "Prosecutors", "The judge"),
        _EXTRAS,
    ),
    "hurricane": Topic(
        "hurricane",
        "MIAMI (AP) —",
        (
            "Hurricane Delia strengthened to a Category 3 storm on Wednesday as it headed toward the Gulf Coast, and officials ordered more than 200,000 people to leave low-lying areas",
            "The storm had sustained winds of 120 miles an hour and was about 300 miles south of Mobile, the National Hurricane Center said",
            "It is expected to make landfall late on Thursday somewhere between Pensacola and the mouth of the Mississippi",
            "Forecasters warned of a storm surge of up to 12 feet along the coast",
            "The governors of Alabama and Mississippi declared states of emergency",
            "Long lines formed at gas stations in Mobile, and some stations ran out of fuel by the afternoon",
            "Schools along the coast will be closed on Thursday and Friday",
            "The Coast Guard closed the port of Mobile to incoming ships",
            "Shelters opened in Montgomery and Jackson for people leaving the coast",
            "Airlines canceled more than 400 flights in and out of New Orleans",
            "Heavy rain could cause flooding hundreds of miles inland as the storm moves north",
            "Utility companies brought in crews from as far away as Ohio to restore power after the storm",
            "Delia formed in the Caribbean on Sunday and grew quickly over the warm water of the gulf",
            "It is the fourth hurricane of the Atlantic season",
            "The last major hurricane to strike Mobile caused damage estimated at 3 billion dollars",
            "Residents of barrier islands were told that rescue crews would not be able to reach them once the winds rose",
            "Traffic on Interstate 65 was backed up for miles as people drove north",
            "Offshore oil platforms in the path of the storm were evacuated",
        ),
        (
            "If you are told to leave, leave now",
            "We are boarding up and getting out of here tonight",
            "This storm is not something to ride out",
            "We have the crews and the supplies ready to go as soon as it is safe",
            "I stayed for the last one and I will never do that again",
            "Do not wait until the wind picks up to make a decision",
            "Our shelters have room for everyone who needs one",
            "The surge is what kills people",
        ),
        (
            "the governor said",
            "forecasters said",
            "officials said",
            "said Ray Dupont, who owns a bait shop in Dauphin Island",
            "the hurricane center said",
            "the mayor of Mobile said",
        ),
        ("The storm", "Forecasters", "It", "Delia", "Officials"),
        _EXTRAS,
    ),
}

TUNING_TOPICS = ("fire", "election", "earthquake", "market")
HELD_OUT_TOPICS = ("verdict", "hurricane")

_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_BOILERPLATE_NEWS = (
    "Check back for updates",
    "This is a developing story",
    "This story has been updated",
    "Follow our live coverage",
)

NEWS_OPERATIONS: dict[str, float] = {
    "insert": 1.5,
    "append_update": 1.5,
    "edit": 3,
    "renumber": 2,
    "delete": 1.5,
    "restore": 1,
    "restore_edited": 0.5,
    "move": 1.5,
    "move_paragraph": 0.5,
    "rewrite": 0.5,
    "split": 0.5,
    "split_gain": 1.2,
    "merge": 1,
    "quote": 2,
    "requote": 1,
    "boilerplate": 0.8,
    "drop_boilerplate": 0.6,
    "cross": 0.5,
    "return_phrase": 0.6,
    "echo": 0.3,
}
"""Relative frequency of each change in :func:`generate_news` (1 or 2 per update)."""
assert set(NEWS_OPERATIONS) <= {*HARD_OPERATIONS, "renumber"}


class _NewsWriter(HardWriter):
    """A story written from one topic's material."""

    def __init__(self, topic: Topic, seed: int) -> None:
        self.topic = topic
        super().__init__(seed, 0)  # the generic vocabulary is drawn, then not used
        self.facts = list(topic.facts[1:])
        self.rng.shuffle(self.facts)
        self.quotes = list(topic.quotes)
        self.rng.shuffle(self.quotes)
        lede = self._words(topic.dateline.split() + topic.facts[0].split())
        paragraphs: list[list[_Sentence]] = [
            [lede, *(self.sentence() for _ in range(self.rng.randint(0, 1)))]
        ]
        for _ in range(self.rng.randint(2, 3)):
            paragraphs.append([self.sentence() for _ in range(self.rng.randint(1, 3))])
        paragraphs.insert(self.rng.randint(1, len(paragraphs)), [self._quote_sentence()])
        self.paragraphs = paragraphs

    def _words(self, words: Sequence[str]) -> _Sentence:
        return _Sentence([_Word(w, self.r) for w in words], self.r, [])

    def sentence(self, n: int | None = None) -> _Sentence:
        if self.facts:
            return self._words(self.facts.pop().split())
        return self._quote_sentence()

    def _quote_sentence(self) -> _Sentence:
        body = self.quote_body()
        body[0] = '"' + body[0]
        body[-1] = body[-1] + ',"'
        s = self._words([*body, *self.attribution()])
        s.events.add("formula")
        return s

    def quote_body(self) -> list[str]:
        if self.quotes:
            return self.quotes.pop().split()
        # Out of the topic's quotes: what spokespeople say in every story (the formula is the hard case).
        return self.rng.choice(_STOCK_QUOTES).split()

    def attribution(self) -> Sequence[str]:
        return self.rng.choice(self.topic.speakers).split()

    def gain(self) -> list[str]:
        opener = self.rng.choice(self.topic.openers).split()
        return [*opener, *([self.rng.choice(("also", "later", "then"))] if self.rng.random() < 0.4 else [])]

    def joiner(self) -> str:
        return self.rng.choice(["and", "while", "after", "as"])

    def frame(self) -> tuple[list[str], list[str]]:
        subjects = [x[: -len(" said")] for x in self.topic.speakers if x.endswith(" said")]
        subject = self.rng.choice(subjects)
        before = [subject[0].upper() + subject[1:], "said", "again", "that"]
        return " ".join(before).split(), self.rng.choice(_FRAME_TAILS).split()

    def plain(self) -> str:
        return self.rng.choice(self.topic.extras)

    def boilerplates(self) -> Sequence[str]:
        return _BOILERPLATE_NEWS

    def append_update(self) -> None:
        if not self.facts:
            return
        stamp = ["UPDATE", f"{1 + (6 + self.r // 6) % 12}:{self.r * 7 % 60:02d}pm:"]
        first = self.sentence()
        first.words[0:0] = [_Word(w, self.r) for w in stamp]
        more = [self.sentence() for _ in range(self.rng.randint(0, 2)) if self.facts]
        self.paragraphs.append([first, *more])

    def insert(self) -> None:
        if self.facts:
            super().insert()

    def edit(self) -> None:
        """A reporter's touch: a word added before another, or an added word swapped or taken out again."""
        spot = self.pick(min_words=5)
        if spot is None:
            return
        s = self.paragraphs[spot[0]][spot[1]]
        extras = set(self.topic.extras)
        before = list(s.words)
        for _ in range(self.rng.randint(1, 2)):
            added = [k for k, w in enumerate(s.words) if w.text in extras]
            if added and self.rng.random() < 0.4:
                k = self.rng.choice(added)
                if self.rng.random() < 0.5:
                    del s.words[k]
                else:
                    word = self.plain()
                    if word != s.words[k].text:  # the same word again is no change
                        s.words[k] = _Word(word, self.r)
            else:
                spots = [
                    k
                    for k in range(1, len(s.words))
                    if len(s.words[k].text) > 3 and s.words[k].text.isalpha() and s.words[k].text.islower()
                ]
                if not spots:
                    break
                s.words.insert(self.rng.choice(spots), _Word(self.plain(), self.r))
        if [w.text for w in s.words] == [w.text for w in before]:
            s.words[:] = before  # the edits undid each other: no edit
            return
        if self.r not in s.modified and self.r > s.introduced:
            s.modified.append(self.r)
        s.events.add("edited")

    def renumber(self) -> None:
        """A count revised: a number or number word replaced, as the toll rises."""
        spots = [
            (s, k)
            for p in self.paragraphs
            for s in p
            for k, w in enumerate(s.words)
            if k and (_NUMBER.fullmatch(w.text) or w.text in _NUMBER_WORDS)
        ]
        if not spots:
            return
        s, k = self.rng.choice(spots)
        old = s.words[k].text
        if old in _NUMBER_WORDS:
            new = self.rng.choice([w for w in _NUMBER_WORDS if w != old])
        else:
            digits = old.replace(",", "")
            value = float(digits) if "." in digits else int(digits)
            new = str(round(value * self.rng.choice((1.5, 2, 0.5, 3)), 1 if "." in digits else None))
            if new == old:
                return
        s.words[k] = _Word(new, self.r)
        if self.r not in s.modified and self.r > s.introduced:
            s.modified.append(self.r)
        s.events.add("edited")


_STOCK_QUOTES = (
    "We are still gathering information",
    "Our thoughts are with the families",
    "We will have more to say later",
    "It is too early to say",
    "We are doing everything we can",
    "We ask for patience",
    "This is a very difficult day",
    "We are monitoring the situation closely",
    "Nobody expected this",
    "We will get through this together",
)

_FRAME_TAILS = (
    "in a briefing in the afternoon",
    "at a news conference",
    "in a statement posted online",
    "when asked about the first reports",
)


def generate_news(topic: str, seed: int, revisions: int = 40) -> History:
    """A deterministic breaking-news history of *topic* (a key of :data:`TOPICS`)."""
    writer = _NewsWriter(TOPICS[topic], seed)
    return run_writer(writer, NEWS_OPERATIONS, revisions, seed, ops_per_revision=(1, 2))
