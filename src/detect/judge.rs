//! The one place where the evidence on a phrase no list names is weighed:
//! how it is spelled, how often and where it repeats, the words it is made
//! of, what the lexicon says of it, and how it fits its sentences.
//!
//! Each piece of evidence is a number; the judgement is a logistic model
//! over them, `P(spam) = 1 / (1 + exp(-(bias + Σ weight × feature)))`,
//! whose weights were fitted on attacked and clean documents
//! (`scripts/fit_judge.py`: spam phrases of half the families of the
//! evaluation pool, with the lexicon entries that overlap them removed,
//! against every phrase the train split's news and Wikipedia repeat). The
//! report lists each feature's contribution to the log-odds, so a finding
//! says what made it.

use crate::tables::KeyMap;

use serde::Serialize;

use super::context::Fit;
use super::doc::Doc;
use super::ngram::{
    amid_marks, amid_vietnamese, is_function_word, places, stripped_mixed, stripped_with_foreign,
    Unit, SPLICED_FOREIGN_WORDS, SPLICED_FUNCTION_WORDS,
};

/// What is known of one repeated phrase (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Features {
    /// How sure its bare spelling in accented text makes it spam alone
    /// (the suspicion of its words and its repeats; 0 when written with
    /// marks).
    pub bare: f64,
    /// The summed suspicion of its words written bare in accented text
    /// (the share of real text that writes each with marks).
    pub suspicion: f64,
    /// Its words written bare that real text nearly always writes with
    /// marks.
    pub hot: f64,
    /// How much better it reads, written bare, in its sentences with marks
    /// put back (log10, by the language model): a phrase stripped of its
    /// accents against words real text writes bare.
    pub stripped: f64,
    /// Its words that look like brands: letters and digits mixed, or a
    /// word Wikipedia has not used.
    pub brands: f64,
    /// The weight of the strongest lexicon entry inside it that counts
    /// (0 for none).
    pub lexicon: f64,
    /// log2 of its occurrences.
    pub occurrences: f64,
    /// Distinct neighbours (the word before and the word after) over
    /// occurrences: 1 when every occurrence stands somewhere else.
    pub places: f64,
    /// Its words.
    pub words: f64,
    /// The spam vocabulary weights of its words (log10 likelihood ratios,
    /// spam against Wikipedia), the positive ones summed.
    pub vocabulary: f64,
    /// The largest of them.
    pub vocabulary_max: f64,
    /// Share of its words written with marks.
    pub marked: f64,
    /// Share of its words that are foreign: letters, neither syllables nor
    /// spam vocabulary.
    pub foreign: f64,
    /// How much it reads as a name: mostly capitalised, and made of words
    /// that real text capitalises as names' (0 to 1).
    pub name: f64,
    /// How much the two words before each occurrence raise the language
    /// model's probability of its first words (log10, mean over the
    /// occurrences; 0 where none has words before it in its clause, -1
    /// where an occurrence starts a sentence in lower case, which no
    /// edited sentence does).
    pub left: f64,
    /// How much its last words raise the probability of the two words
    /// after it.
    pub right: f64,
    /// How much the words before it raise the probability of the words
    /// after it, with the phrase taken out: high when it was inserted.
    pub join: f64,
    /// How much each of its words is raised by the ones before it: a set
    /// phrase holds together.
    pub inner: f64,
    /// `stripped` again, for a phrase that reads as a name (0 otherwise):
    /// the model reads names poorly ("Song Joong Ki" as "sống … kì"), so
    /// what it says of them weighs apart.
    pub stripped_name: f64,
    /// `left` plus `right` again, for a phrase that reads as a name.
    pub edges_name: f64,
    /// Share of its occurrences written in disguise (invisible characters
    /// between letters, look-alike letters of another script: see
    /// `Doc::is_disguised`), when two or more are, written differently:
    /// a tool hid the phrase from filters; for a phrase seen once, 1 when
    /// two of its words mix in look-alike letters of another script, or
    /// one bare word has a zero-width character between two of its
    /// letters (`Doc::is_hidden_inside`; soft hyphens do not count). 0
    /// otherwise. Not a feature of the fitted model: a phrase disguised so
    /// is spam whatever the model says (`DISGUISED`).
    pub disguised: f64,
    /// Distinct places where the phrase stands inside a word of the text:
    /// the words right before and after it make one word together
    /// (`context::splits`: "quyết hitclub định"). Not a feature of the
    /// fitted model: at [`SPLITS`] places, the phrase was pasted between
    /// words at random (`splits_words`).
    pub split: f64,
    /// Share of its content words (not the commonest syllables) that the
    /// page uses nowhere else: a phrase off the page's subject. A term the
    /// text repeats is part of what it talks about, and its words come
    /// back in other company. Weighed for phrases written with marks and
    /// phrases mostly of another language's words (0 for the others).
    pub off_topic: f64,
    /// Share of the words beside its occurrences (the word before and the
    /// word after each, across punctuation; none at the text's edges;
    /// numbers not counted) written with marks: 1 for a phrase of another
    /// language set into Vietnamese each time, near 0 inside a passage of
    /// that language. Not a feature of the fitted model: it tells such a
    /// phrase from a quotation's words ([`Features::foreign_and_repeated`]).
    pub amid_marks: f64,
    /// [`Features::amid_marks`], with a bare Vietnamese word beside it
    /// counted when a word with marks stands beyond it, two bare words from
    /// the phrase at most ("ra" of "… fast ra cân nhắc", "sau" of "… speed
    /// sau khi lệnh"): Vietnamese around a string pasted once (for a
    /// phrase seen more than once, `amid_marks`). Not a feature of the
    /// fitted model ([`Features::foreign_spliced_once`]).
    pub amid_vietnamese: f64,
    /// Its words that are English function words ("the", "to", "be",
    /// "of"): a sentence of another language has several, a keyword string
    /// one at most ("free spin no deposit"). Not a feature of the fitted
    /// model ([`Features::foreign_off_the_page`]).
    pub function_words: f64,
    /// Share of its words of another language whatever their spam
    /// vocabulary weight: `foreign`, and the English words a lexicon uses
    /// ("free", "deposit" of "free spin no deposit", which weigh as spam
    /// vocabulary and so are not `foreign`). What makes a phrase another
    /// language's does not depend on which of its words a lexicon lists.
    /// Not a feature of the fitted model ([`Features::foreign_off_the_page`]).
    pub english: f64,
    /// Share of its occurrences set inside a sentence of Vietnamese
    /// written with marks: a word before and a word after each, with
    /// nothing but spaces between them and the phrase, one of the two at
    /// least written with marks. A phrase spliced into a sentence; a
    /// caption, a quotation or a clause typed without accents stands apart
    /// by punctuation or a line. Not a feature of the fitted model
    /// ([`Features::stripped_spliced_once`]).
    pub inside: f64,
}

/// A fitted logistic model: the bias and one weight per feature, in the
/// order of [`Features::values`].
pub(crate) struct Model {
    bias: f64,
    weights: [f64; 21],
}

// --- fitted by scripts/fit_judge.py (--write); do not edit by hand ---
/// Phrases written bare (most words without marks).
const BARE: Model = Model {
    bias: -12.0764,
    weights: [
        -0.7306, // bare
        0.4505,  // suspicion
        -0.2375, // hot
        1.2968,  // stripped
        0.5349,  // brands
        4.6496,  // lexicon
        0.7227,  // occurrences
        2.1076,  // places
        0.7733,  // words
        0.6614,  // vocabulary
        0.7427,  // vocabulary_max
        -1.8280, // marked
        -4.5182, // name
        1.1970,  // foreign
        -0.9198, // left
        -1.0094, // right
        0.7168,  // join
        -0.4329, // inner
        -0.1104, // stripped_name
        -0.5682, // edges_name
        0.0000,  // off_topic
    ],
};
/// Phrases written with marks.
const MARKED: Model = Model {
    bias: -14.7014,
    weights: [
        0.0000,  // bare
        0.0741,  // suspicion
        0.0000,  // hot
        0.0000,  // stripped
        1.9862,  // brands
        3.9505,  // lexicon
        1.6305,  // occurrences
        0.1380,  // places
        1.5471,  // words
        0.2707,  // vocabulary
        1.1649,  // vocabulary_max
        -0.0554, // marked
        0.0181,  // name
        -0.1090, // foreign
        -0.9600, // left
        -1.7989, // right
        1.1069,  // join
        -1.1184, // inner
        0.0000,  // stripped_name
        0.2126,  // edges_name
        0.2014,  // off_topic
    ],
};
/// Phrases seen once, written bare.
const SINGLE: Model = Model {
    bias: -17.0378,
    weights: [
        0.0000,  // bare
        1.8172,  // suspicion
        0.5671,  // hot
        0.9467,  // stripped
        -0.0081, // brands
        0.6987,  // lexicon
        0.0000,  // occurrences
        0.0000,  // places
        0.7606,  // words
        0.6039,  // vocabulary
        1.6466,  // vocabulary_max
        0.0000,  // marked
        0.0000,  // name
        0.6546,  // foreign
        -1.0766, // left
        -1.6264, // right
        1.4020,  // join
        0.1187,  // inner
        0.0000,  // stripped_name
        0.0000,  // edges_name
        0.0000,  // off_topic
    ],
};
// --- end of the fitted part ---

/// Names of the features, in the order of [`Features::values`].
pub(crate) const NAMES: [&str; 21] = [
    "bare",
    "suspicion",
    "hot",
    "stripped",
    "brands",
    "lexicon",
    "occurrences",
    "places",
    "words",
    "vocabulary",
    "vocabulary_max",
    "marked",
    "name",
    "foreign",
    "left",
    "right",
    "join",
    "inner",
    "stripped_name",
    "edges_name",
    "off_topic",
];

impl Features {
    pub(crate) fn values(&self) -> [f64; 21] {
        // Clipped to their usual range: no one feature can outweigh all
        // the others on its own.
        [
            self.bare.clamp(0.0, 1.0),
            self.suspicion.clamp(0.0, 6.0),
            self.hot.clamp(0.0, 5.0),
            self.stripped.clamp(0.0, MAX_STRIPPED),
            self.brands.clamp(0.0, 3.0),
            self.lexicon.clamp(0.0, 1.0),
            self.occurrences.clamp(0.0, 5.0),
            self.places.clamp(0.0, 1.0),
            // (Spam phrases are keyword strings: past six words, length
            // says no more.)
            self.words.clamp(1.0, 6.0),
            self.vocabulary.clamp(0.0, 10.0),
            self.vocabulary_max.clamp(0.0, 4.0),
            self.marked.clamp(0.0, 1.0),
            self.name.clamp(0.0, 1.0),
            self.foreign.clamp(0.0, 1.0),
            self.left.clamp(-MAX_LIFT, MAX_LIFT),
            self.right.clamp(-MAX_LIFT, MAX_LIFT),
            self.join.clamp(-MAX_LIFT, MAX_LIFT),
            self.inner.clamp(-2.0, 3.0),
            self.stripped_name.clamp(0.0, MAX_STRIPPED),
            self.edges_name.clamp(-6.0, 6.0),
            self.off_topic.clamp(0.0, 1.0),
        ]
    }

    /// The models that weigh this phrase: one for phrases written bare,
    /// one for those seen once, one for phrases written with marks, whose
    /// evidence differs. A phrase seen once with strong spam vocabulary and
    /// no foreign word is also weighed as the model for repeated phrases
    /// weighs it (as it was before phrases seen once had their own), and
    /// the higher says.
    fn models(&self) -> (&'static Model, Option<&'static Model>) {
        if self.marked >= 0.5 {
            (&MARKED, None)
        } else if self.occurrences <= 0.0 {
            // (Seen once, a phrase has no repeats to weigh: what its
            // spelling and its sentence say must weigh more.)
            let strong = self.vocabulary_max >= SINGLE_FOREIGN_VOCABULARY && self.foreign <= 0.0;
            (&SINGLE, strong.then_some(&BARE))
        } else {
            (&BARE, None)
        }
    }

    /// The model whose say counts: of [`Self::models`], the higher.
    fn model(&self) -> &'static Model {
        match self.models() {
            (m, Some(alt)) if self.log_odds_with(alt) > self.log_odds_with(m) => alt,
            (m, _) => m,
        }
    }

    fn log_odds_with(&self, m: &Model) -> f64 {
        m.bias
            + self
                .values()
                .iter()
                .zip(m.weights)
                .map(|(v, w)| v * w)
                .sum::<f64>()
    }

    /// The log-odds that the phrase is spam.
    pub(crate) fn log_odds(&self) -> f64 {
        self.log_odds_with(self.model())
    }

    /// The probability that the phrase is spam. A phrase written with its
    /// marks is weighed only when it holds spam vocabulary or a lexicon
    /// entry: real text repeats accented terms all the time, and how they
    /// fit their sentences alone does not tell them from pasted ones.
    pub(crate) fn score(&self) -> f32 {
        let ruled_out = self.ruled_out();
        let p = if ruled_out {
            0.0
        } else {
            (1.0 / (1.0 + (-self.log_odds()).exp())) as f32
        };
        self.floor(ruled_out).map_or(p, |(_, floor)| p.max(floor))
    }

    /// The probability a rule outside the fitted model holds the phrase at,
    /// at least, and the rule's name for the evidence: pasted in disguise
    /// (even when the other rules rule it out), another language's phrase
    /// or stripped Vietnamese pasted at unrelated places, stripped
    /// Vietnamese pasted once. `ruled_out`: [`Self::ruled_out`].
    fn floor(&self, ruled_out: bool) -> Option<(&'static str, f32)> {
        if self.is_disguised() {
            Some(("disguised", DISGUISED))
        } else if self.split >= SPLITS {
            // (Ruled out or not: a phrase with marks, a name, another
            // language's words, pasted inside the text's words.)
            Some(("splits_words", SPLITS_WORDS))
        } else if self.stripped_and_repeated_at_length() {
            // (Ruled out or not: in title case it reads as a name.)
            Some(("stripped_repeated", STRIPPED_REPEATED))
        } else if self.foreign_off_the_page() {
            // (Ruled out or not: without spam vocabulary, a phrase of
            // another language is taken for a quotation.)
            Some(("foreign_off_page", FOREIGN_REPEATED))
        } else if self.stripped_spliced_once() {
            // (Ruled out or not: in title case it reads as a name.)
            Some(("stripped_once", STRIPPED_ONCE))
        } else if self.foreign_spliced_once() {
            // (Ruled out or not: without spam vocabulary, a phrase of
            // another language is taken for a quotation.)
            Some(("foreign_off_page", FOREIGN_REPEATED))
        } else if ruled_out {
            None
        } else if self.foreign_and_repeated() {
            Some(("foreign_repeated", FOREIGN_REPEATED))
        } else if self.bare_mixed_and_repeated() {
            Some(("mixed_repeated", FOREIGN_REPEATED))
        } else if self.stripped_pasted_once() {
            Some(("stripped_once", STRIPPED_ONCE))
        } else if self.stripped_and_repeated() {
            Some(("stripped_repeated", STRIPPED_REPEATED))
        } else {
            None
        }
    }

    /// Whether the phrase is Vietnamese stripped of its marks, pasted once
    /// into accented text: in lower case (in title case it is a name, "Vong
    /// Sa Som Rong"), [`STRIPPED_ONCE_WORDS`] words or more, at most one of
    /// them another language's ("hosting gia re toc do cao"), the whole
    /// reading [`STRIPPED_ONCE_STRIPPED`] (log10) better with marks put
    /// back, and the words before it not leading into it
    /// (or, with a foreign word in it, which the model cannot read at an
    /// edge, the words after it not following it and the text reading on
    /// without it): "dan de 36 so", "nhan lam bang dai hoc", "game ban ca
    /// an xu". Whatever its vocabulary, and whether or not its words are
    /// ones real text nearly always writes with marks: the words of a
    /// phrase nobody listed are unknown, and real text writes "ban", "ca",
    /// "an" and "xu" bare a fifth of the time or more; the model, reading
    /// them with their marks put back, says what they are. Real
    /// text's stripped words are a name, a term ("ung dung"), or a passage
    /// an editor left bare, which reads on from the words before it; no
    /// phrase of the train, dev or wiki-lm splits is so.
    fn stripped_pasted_once(&self) -> bool {
        // (The share of foreign words back to a count.)
        let foreign = (self.foreign * self.words).round();
        let (_, right, join) = super::context::BREAKS;
        self.marked < 0.5
            && self.name <= 0.0
            && self.occurrences <= 0.0
            && self.lexicon <= 0.0
            && foreign <= 1.0
            && self.words - foreign >= STRIPPED_ONCE_WORDS - 1.0
            && self.words >= STRIPPED_ONCE_WORDS
            && self.stripped >= STRIPPED_ONCE_STRIPPED
            && (self.left < 0.0
                || (foreign >= 1.0 && self.right < f64::from(right) && self.join > f64::from(join)))
    }

    /// Whether the phrase is Vietnamese stripped of its marks, spliced once
    /// into a sentence written with marks ([`Features::inside`]: words
    /// right before and after it, one of them at least with marks, no
    /// punctuation between), whether or not the rules below take a phrase
    /// in title case for a name, at most one of its words another
    /// language's (in lower case, reading [`SPLICED_MIXED_STRIPPED`] better
    /// with marks put back, as many as [`stripped_mixed`] allows: "dich vu
    /// review google maps"), [`STRIPPED_ONCE_HOT`] or more written bare
    /// where real text writes marks, and reading
    /// [`SPLICED_STRIPPED`] better with marks put back: "tấn công collagen
    /// trang da nhat ban và cho biết", "ông thiet ke website gia re Moon",
    /// however well the model reads its edges (a Vietnamese phrase read
    /// with its marks often fits anywhere). In lower case with
    /// [`STRIPPED_ONCE_WORDS`] words or more; in title case or capitals,
    /// where names are written bare too ("Vo Trong Nghia Architects"), one
    /// more and [`SPLICED_NAME_STRIPPED`]. An editor's stripped passage, a
    /// caption or a quotation stands apart from the text with marks by
    /// punctuation or a line; no phrase of the train, dev or wiki-lm splits
    /// is so.
    fn stripped_spliced_once(&self) -> bool {
        let foreign = (self.foreign * self.words).round();
        let named = self.name > 0.0;
        let (words, stripped) = if named {
            (STRIPPED_ONCE_WORDS + 1.0, SPLICED_NAME_STRIPPED)
        } else {
            (STRIPPED_ONCE_WORDS, SPLICED_STRIPPED)
        };
        self.marked < 0.5
            && self.occurrences <= 0.0
            && self.lexicon <= 0.0
            && self.inside >= 1.0
            && (foreign <= 1.0
                || (!named
                    && stripped_mixed(self.hot as usize, foreign as usize)
                    && self.stripped >= SPLICED_MIXED_STRIPPED))
            && self.words >= words
            && self.hot >= STRIPPED_ONCE_HOT
            && self.stripped >= stripped
    }

    /// Whether the phrase is a keyword string of another language spliced
    /// once into a sentence of Vietnamese: in lower case, mostly foreign
    /// words, [`SPLICED_FOREIGN_WORDS`] or more (the n-gram search weighs
    /// no shorter run so), one English function word at most
    /// ([`SPLICED_FUNCTION_WORDS`], "free spin no deposit"),
    /// Vietnamese right before and after it with only spaces between, one
    /// word with marks at least (`inside` and `amid_vietnamese` 1: a bare
    /// word beside it counts with a word with marks beyond it), and the
    /// page using none of its
    /// content words anywhere else: "tấn công premium account free download
    /// và", whatever its vocabulary. Real text sets a term of another
    /// language off as a name (capitalised), says it in a passage of that
    /// language, or talks about it; a quoted line has its function words.
    /// No phrase of the train, dev or wiki-lm splits is so.
    fn foreign_spliced_once(&self) -> bool {
        self.marked < 0.5
            && self.name <= 0.0
            && self.lexicon <= 0.0
            && self.occurrences <= 0.0
            && self.english >= FOREIGN
            && self.words >= SPLICED_FOREIGN_WORDS as f64
            && self.function_words <= SPLICED_FUNCTION_WORDS as f64
            && self.inside >= 1.0
            && self.amid_vietnamese >= 1.0
            && self.off_topic >= 1.0
    }

    /// Whether the phrase is written bare and mixes a word of another
    /// language (`foreign`) with Vietnamese, in lower case, pasted whole at
    /// unrelated places as [`Features::mixed_and_repeated`] asks of a
    /// phrase written with marks, no English function word, amid words with marks and inside its
    /// sentences at half its places as [`Features::foreign_and_repeated`]
    /// and [`Features::foreign_off_the_page`] ask, with a strong word of
    /// spam vocabulary in it: "link xem epl" seven times in a story on
    /// cars, "youtube premium family gia re". Neither another language's
    /// phrase (its Vietnamese word) nor Vietnamese stripped of its marks
    /// (no word of it need be), it fell between those rules, and the
    /// fitted model gave such phrases 0.07-0.47. Real text writes such a
    /// mix as a name (capitalised) or says it in the same sentence frame
    /// each time; no phrase of the train, dev, test or wiki-lm splits is
    /// so, with the default lexicon or any of the ablated ones.
    fn bare_mixed_and_repeated(&self) -> bool {
        self.marked < 0.5
            && self.name <= 0.0
            && self.lexicon <= 0.0
            && self.mixed_and_repeated()
            && self.function_words <= 0.0
            && self.inside >= OFF_PAGE_INSIDE
            && self.amid_marks >= FOREIGN_REPEATED_AMID_MARKS
            && self.vocabulary_max >= FOREIGN_REPEATED_VOCABULARY
    }

    /// Whether the phrase is Vietnamese stripped of its marks, pasted at
    /// unrelated places: in lower case, at two places or more with other
    /// words around it at [`MIXED_PLACES`] of them, [`STRIPPED_REPEATED_WORDS`]
    /// words or more, one of them at least written bare where real text
    /// writes marks, the whole reading [`STRIPPED_REPEATED_STRIPPED`]
    /// (log10) better with marks put back: "tima vay tien", "buff view
    /// youtube gia re", whatever its vocabulary and however many foreign
    /// words it holds. Real text writes its repeated terms with marks, and
    /// its names capitalised; no phrase of the train, dev or wiki-lm splits
    /// is so.
    fn stripped_and_repeated(&self) -> bool {
        self.marked < 0.5
            && self.name <= 0.0
            && self.occurrences > 0.0
            && self.places >= MIXED_PLACES
            && self.lexicon <= 0.0
            && self.words >= STRIPPED_REPEATED_WORDS
            && self.hot >= 1.0
            && self.stripped >= STRIPPED_REPEATED_STRIPPED
    }

    /// Whether the phrase is Vietnamese stripped of its marks, pasted at
    /// unrelated places, in any case: at [`MIXED_OCCURRENCES`] places or
    /// more, [`STRIPPED_LONG_WORDS`] words or more, mostly not another
    /// language's, one of them written bare where real text writes marks,
    /// the whole reading [`STRIPPED_LONG_STRIPPED`] better with marks put
    /// back: "Dich Vu Review Google Maps" pasted in title case,
    /// "COLLAGEN TRANG DA NHAT BAN" in capitals. The names real text
    /// writes bare and repeats have four words at most ("Hong Kong Carrie
    /// Lam", "Vo Nguyen Giap"); no phrase of the train, dev or wiki-lm
    /// splits is so.
    fn stripped_and_repeated_at_length(&self) -> bool {
        self.marked < 0.5
            && self.occurrences >= MIXED_OCCURRENCES.log2()
            && self.places >= MIXED_PLACES
            && self.lexicon <= 0.0
            && self.foreign < FOREIGN
            && self.words >= STRIPPED_LONG_WORDS
            && self.hot >= 1.0
            && self.stripped >= STRIPPED_LONG_STRIPPED
    }

    /// Whether [`Self::stripped_pasted_once`],
    /// [`Self::stripped_spliced_once`], [`Self::foreign_spliced_once`],
    /// [`Self::stripped_and_repeated`],
    /// [`Self::stripped_and_repeated_at_length`] or
    /// [`Self::foreign_off_the_page`] may hold whatever the language model
    /// and the page's words say ([`Self::most_damning`]).
    pub(crate) fn may_be_floored(&self, restorable: bool) -> bool {
        let f = self.most_damning(restorable);
        f.stripped_pasted_once()
            || f.stripped_spliced_once()
            || f.foreign_spliced_once()
            || f.stripped_and_repeated()
            || f.stripped_and_repeated_at_length()
            || f.foreign_off_the_page()
    }

    /// Whether the phrase is another language's, in lower case, pasted at
    /// [`MIXED_OCCURRENCES`] unrelated places or more, amid Vietnamese, with
    /// a strong word of spam vocabulary in it: "make money online fast" in
    /// a news story. Real text writes a phrase of another language as a
    /// title or a name (capitalised: `name`), or says a term of it in the
    /// same company each time; the language model knows too few foreign
    /// words for the edges to say either way.
    fn foreign_and_repeated(&self) -> bool {
        self.marked < 0.5
            && self.name <= 0.0
            && self.foreign >= FOREIGN
            && self.words >= FOREIGN_REPEATED_WORDS
            && self.occurrences >= MIXED_OCCURRENCES.log2()
            && self.places >= MIXED_PLACES
            && self.vocabulary_max >= FOREIGN_REPEATED_VOCABULARY
            && self.amid_marks >= FOREIGN_REPEATED_AMID_MARKS
    }

    /// Whether the phrase is another language's, in lower case,
    /// [`FOREIGN_REPEATED_WORDS`] words or more, pasted at
    /// [`MIXED_OCCURRENCES`] unrelated places or more (twice, with
    /// [`OFF_PAGE_TWICE_WORDS`] words or more; unrelated as a share, or
    /// [`OFF_PAGE_PLACES`] distinct places at least) amid Vietnamese
    /// ([`OFF_PAGE_AMID_MARKS`]) and inside its sentences at half its
    /// places or more ([`OFF_PAGE_INSIDE`]), a keyword string rather than a
    /// sentence ([`OFF_PAGE_FUNCTION_WORDS`]), and the page uses none of its words
    /// anywhere else: "premium account free download" in a story on
    /// forests, whatever its vocabulary. A term or a title the text quotes
    /// again is part of what it talks about, and its words come back in
    /// other company ("branch" of "branch delay slot"); names are
    /// capitalised. No phrase of the train, dev or wiki-lm splits is so.
    fn foreign_off_the_page(&self) -> bool {
        self.marked < 0.5
            && self.name <= 0.0
            && self.lexicon <= 0.0
            && self.english >= FOREIGN
            && self.words >= FOREIGN_REPEATED_WORDS
            && (self.occurrences >= MIXED_OCCURRENCES.log2()
                || (self.occurrences >= 1.0 && self.words >= OFF_PAGE_TWICE_WORDS))
            // (`places` is a share: times the occurrences, the count, less
            // half a place for rounding.)
            && (self.places >= MIXED_PLACES
                || self.places * self.occurrences.exp2() >= OFF_PAGE_PLACES - 0.5)
            && self.amid_marks >= OFF_PAGE_AMID_MARKS
            && self.inside >= OFF_PAGE_INSIDE
            && self.function_words <= OFF_PAGE_FUNCTION_WORDS
            && self.off_topic >= 1.0
    }

    /// Whether the phrase is pasted in disguise: most of its occurrences,
    /// two or more, written with hidden characters or look-alike letters,
    /// and not all alike; and a phrase, three words or more, or with some
    /// other sign of spam (a word stripped of its marks, a brand, spam
    /// vocabulary, a lexicon entry). A word or two alone is what real text
    /// writes with soft hyphens that a converter scattered ("đư\u{ad}ợc",
    /// "bư\u{ad}ớc vào").
    fn is_disguised(&self) -> bool {
        self.disguised >= DISGUISED_SHARE
            && (self.words >= DISGUISED_WORDS
                || self.hot >= 1.0
                || self.brands >= 1.0
                || self.vocabulary_max >= 1.0
                || self.lexicon > 0.0)
    }

    /// Whether the phrase is no spam whatever the rest of the evidence: an
    /// accented phrase, a name or another language's phrase without spam
    /// vocabulary or a lexicon entry.
    pub(crate) fn ruled_out(&self) -> bool {
        // (Spam vocabulary is one strong word, or several weaker ones:
        // "tải game đua xe hay nhất" has no word of 2, and 2.9 in all.)
        if self.marked >= 0.5
            && self.vocabulary_max < MARKED_VOCABULARY
            && self.vocabulary < MARKED_VOCABULARY_SUM
            && self.lexicon <= 0.0
            && !self.mixed_and_repeated()
        {
            return true;
        }
        // Nor is a phrase with words written with marks that stands apart
        // from the sentences around it (`inside` under
        // [`SET_APART_INSIDE`]) twice, or as a name: a caption said again
        // ("cắt từ clip nhân vật cung cấp"), a heading, a name with its
        // title ("thương binh Hoàng Tiến Vin"). A phrase pasted into a text
        // is spliced into its sentences.
        if self.marked > 0.0
            && self.lexicon <= 0.0
            && self.inside < SET_APART_INSIDE
            && (self.occurrences < MIXED_OCCURRENCES.log2() || self.name >= NAME)
        {
            return true;
        }
        // Nor is one whose every content word the page uses elsewhere
        // (`off_topic` 0) that stands apart from the sentences at half its
        // places or more: the page's own term for its subject, in clauses
        // of its own ("cá cược bóng đá quốc tế" three times in a story on
        // betting law, flagged when "cược" was looked around as a spelled
        // anchor). A phrase pasted into a page is off its subject or
        // spliced into its sentences.
        if self.marked >= 0.5
            && self.lexicon <= 0.0
            && self.off_topic <= 0.0
            && self.inside < OFF_PAGE_INSIDE
        {
            return true;
        }
        // Nor is a stretch written with marks of a sentence's length said
        // twice: the text saying something again ("lãi suất VND trên thị
        // trường liên ngân hàng"), where a pasted keyword string has three
        // to eight words.
        if self.marked >= 0.5
            && self.words >= MARKED_SENTENCE_WORDS
            && self.occurrences < MIXED_OCCURRENCES.log2()
            && self.lexicon <= 0.0
        {
            return true;
        }
        // Nor one the words before it lead into, as the text's own
        // sentence does ("phương" before "pháp Blended Learning kết hợp học
        // online" twice: "phương pháp").
        if self.marked >= 0.5 && self.left >= MARKED_LEADS_IN && self.lexicon <= 0.0 {
            return true;
        }
        // Seen once, Vietnamese stripped of its marks is a caption, a
        // quotation or a careless edit as often as spam: it needs a word
        // spam uses, or a brand; and mixed with words of another language
        // (pinyin, Hawaiian, a Latin name, whose syllables look stripped),
        // strong spam vocabulary, unless it has more words stripped of their
        // marks than such text gives.
        if self.marked < 0.5 && self.occurrences <= 0.0 && self.lexicon <= 0.0 {
            // (The share of foreign words back to a count.)
            let foreign = (self.foreign * self.words).round() as usize;
            let needs = if foreign > 0 && !stripped_with_foreign(self.hot as usize, foreign) {
                SINGLE_FOREIGN_VOCABULARY
            } else {
                SINGLE_VOCABULARY
            };
            // (Or Vietnamese stripped of its marks that breaks its sentence
            // at both edges: no caption or careless edit does, as they are
            // the sentence. One foreign word in it too, when it reads far
            // better with marks put back: "chay quang cao facebook hieu
            // qua" in a sentence it breaks.)
            let breaks = (foreign == 0 || (foreign == 1 && self.stripped >= STRIPPED_NOT_A_NAME))
                && self.hot >= SINGLE_BREAKS_HOT
                && self.words >= SINGLE_BREAKS_WORDS
                && super::context::broken((self.left, self.right, self.join));
            // (Or so many of its words stripped of their marks, reading so
            // much better with them put back, that no slip of the keyboard
            // accounts for it, and inside a sentence that it breaks on both
            // sides, "vay tin dung den lai ngay", or on the left at the end
            // of a clause, where no word after it can fit (`right` 0). An
            // editor's stripped passage is a clause or a sentence's end of
            // its own, or reads on from the words before it.)
            let pasted = self.stripped_words()
                && (foreign == 0 || stripped_with_foreign(self.hot as usize, foreign))
                && self.left < 0.0
                && self.right <= 0.0;
            let pasted = pasted || self.stripped_pasted_once() || self.stripped_spliced_once();
            if self.vocabulary_max < needs
                && (self.brands <= 0.0 || self.foreign > 0.0)
                && !breaks
                && !pasted
            {
                return true;
            }
            // Written as a name, it is one ("HLV Datuk Ong Kim Swee",
            // "facebooker Toan Phan"), whatever its words, unless the
            // model says it was pasted: "Chot So Vip Mien Trung" breaks
            // its sentence, "Vay No Xau Van Duyet" reads far better with
            // its marks.
            if self.name >= NAME && !breaks && !pasted {
                return true;
            }
        }
        // Nor is a name ("Vo Nguyen Giap", "Song Joong Ki"), which real text
        // writes bare and repeats, or a phrase mostly in another language (a
        // quotation, a motto, a title): only their words can make them spam.
        // (A phrase with a word real text writes with marks, written bare,
        // is Vietnamese stripped of its accents, whatever else it holds.)
        // A phrase in title case whose words real text writes with marks,
        // and which reads far better with them put back, is Vietnamese
        // stripped of its accents, not a name: an accented page writes its
        // Vietnamese names with their marks ("Hack Tai Khoan Nguoi Khac").
        let stripped_words = self.stripped_words();
        // (Nor is a phrase in lower case that mixes a brand and English
        // with a Vietnamese word stripped of its marks, reading better with
        // them put back, another language's: "ban hack pubg mobile". A
        // quotation has no brand, and no word the model reads better with
        // marks.)
        let mixed = self.name <= 0.0 && self.brands >= 1.0 && self.stripped >= MIXED_STRIPPED;
        let other = (self.name >= NAME && !stripped_words)
            || (self.foreign >= FOREIGN && self.hot < 1.0 && !mixed);
        // (Written with marks as well, a name is the text's own unless a
        // word of it is strong spam vocabulary: "Banco Delta Asia" is not
        // spam for the "asia" of casino domains.)
        let needs = if self.marked >= 0.5 {
            MARKED_NAME_VOCABULARY
        } else {
            NAME_VOCABULARY
        };
        // A long stretch of another language needs more than one spam word
        // ("free" of "the land of the free and the home of the brave", a
        // refrain quoted three times): one for every
        // [`FOREIGN_WORDS_PER_SPAM_WORD`] of its foreign words.
        let foreign_words = (self.foreign * self.words).round();
        let sparse = self.foreign >= FOREIGN
            && self.vocabulary < needs * (foreign_words / FOREIGN_WORDS_PER_SPAM_WORD).max(1.0);
        other && (self.vocabulary_max < needs || sparse) && self.lexicon <= 0.0
    }

    /// Whether a phrase written with its marks mixes in a word of another
    /// language in lower case and repeats, whole, at
    /// [`MIXED_OCCURRENCES`] unrelated places or more (other words around
    /// it at [`MIXED_PLACES`] of them), with [`MIXED_WORDS`] words or more:
    /// "hack tài khoản facebook người khác" sixteen times in a news story.
    /// Real text says such a thing in its own words each time, or as a
    /// term in the same sentence frame ("thử nghiệm trải thảm carboncor
    /// asphalt -" four times); the model weighs it without spam vocabulary.
    fn mixed_and_repeated(&self) -> bool {
        self.foreign > 0.0
            && self.occurrences >= MIXED_OCCURRENCES.log2()
            && self.places >= MIXED_PLACES
            && self.words >= MIXED_WORDS
    }

    /// Whether the phrase is Vietnamese stripped of its accents beyond doubt:
    /// words real text writes with marks, written bare, reading far better
    /// with them put back, and mostly no other language's.
    fn stripped_words(&self) -> bool {
        self.hot >= STRIPPED_NOT_A_NAME_HOT
            && self.stripped >= STRIPPED_NOT_A_NAME
            && self.foreign < FOREIGN
    }

    /// Whether the phrase is ruled out whatever the language model will say
    /// of it: with its marks put back reading as well as they may (when
    /// `restorable`; else not at all) and its edges breaking its sentence
    /// as badly as they may.
    pub(crate) fn ruled_out_whatever_the_model(&self, restorable: bool) -> bool {
        self.most_damning(restorable).ruled_out()
    }

    /// The phrase with what the language model says of it at its most
    /// damning: its marks put back reading as well as they may (when
    /// `restorable`; else not at all), its edges breaking its sentence as
    /// badly as they may; and the page using none of its words elsewhere
    /// (`off_topic`, counted only when the model is asked).
    fn most_damning(&self, restorable: bool) -> Features {
        Features {
            stripped: if restorable { MAX_STRIPPED } else { 0.0 },
            left: -MAX_LIFT,
            right: -MAX_LIFT,
            join: MAX_LIFT,
            off_topic: 1.0,
            ..self.clone()
        }
    }

    /// The highest log-odds the phrase could reach whatever the language
    /// model says of it: the features it gives at their most damning.
    /// Below 0, the model need not be asked (it costs more than the rest
    /// of a page's detection).
    ///
    /// `restorable`: whether marks put back could make the phrase read
    /// better (else its `stripped` features are 0 whatever the model).
    pub(crate) fn without_model(&self, restorable: bool) -> f64 {
        match self.models() {
            (m, Some(alt)) => self
                .bound_with(m, restorable)
                .max(self.bound_with(alt, restorable)),
            (m, None) => self.bound_with(m, restorable),
        }
    }

    fn bound_with(&self, m: &Model, restorable: bool) -> f64 {
        let mut z = m.bias;
        for ((name, v), w) in NAMES.iter().zip(self.values()).zip(m.weights) {
            z += match MODEL_FEATURES.iter().find(|(n, _, _)| n == name) {
                Some(_) if !restorable && name.starts_with("stripped") => 0.0,
                Some(&(_, lo, hi)) => (w * lo).max(w * hi),
                None => w * v,
            };
        }
        z
    }

    /// Each feature's part of the log-odds, the largest first, leaving out
    /// those under 0.05 either way.
    pub(crate) fn contributions(&self) -> Vec<(&'static str, f64)> {
        let mut out: Vec<(&'static str, f64)> = NAMES
            .iter()
            .zip(self.values().iter().zip(self.model().weights))
            .map(|(&n, (v, w))| (n, super::round((v * w) as f32)))
            .filter(|(_, c)| c.abs() >= 0.05)
            .collect();
        out.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        // Held at a floor by a rule outside the model, the model's say is
        // overruled: first, what that lifted the log-odds by (when it did).
        let ruled_out = self.ruled_out();
        if let Some((rule, floor)) = self.floor(ruled_out) {
            let floor = f64::from(floor);
            let floor = (floor / (1.0 - floor)).ln();
            // (A phrase the rules had ruled out, pasted in disguise, had no
            // log-odds to lift: the floor's own.)
            let lift = if ruled_out {
                floor
            } else {
                floor - self.log_odds()
            };
            if lift > 0.0 {
                out.insert(0, (rule, super::round(lift as f32)));
            }
        }
        out
    }
}

/// The share of its occurrences spliced into a sentence a phrase with
/// words written with marks needs, seen twice or as a name
/// ([`Features::ruled_out`]).
const SET_APART_INSIDE: f64 = 0.75;

/// The probability of a phrase of another language pasted at unrelated
/// places ([`Features::foreign_and_repeated`]), at least.
const FOREIGN_REPEATED: f32 = 0.9;
/// The words such a phrase has at least: two words of another language
/// with a spam word are as often a term ("live show").
const FOREIGN_REPEATED_WORDS: f64 = 3.0;
/// The spam vocabulary weight one of its words has at least. (Terms of
/// another language that Wikipedia repeats reach 1.66, "do it yourself";
/// one with a casino word, "branch delay slot", 3.4, said twice: such a
/// phrase must also come three times or more.)
const FOREIGN_REPEATED_VOCABULARY: f64 = 2.0;

/// The share of the words beside such a phrase written with marks
/// ([`Features::amid_marks`]): Vietnamese around it, not its own language.
const FOREIGN_REPEATED_AMID_MARKS: f64 = 0.5;

/// The share of the words beside a phrase of another language written
/// with marks that makes it pasted without spam vocabulary when the page
/// uses its words nowhere else ([`Features::foreign_off_the_page`]): half,
/// as for a phrase with spam vocabulary ([`FOREIGN_REPEATED_AMID_MARKS`]).
/// A pasted phrase stands among Vietnamese words, and half of them may be
/// words written without marks: names ("Spiranac online casino real money
/// đã"), or Vietnamese words that take none ("tool auto comment facebook
/// hoa", "thanh <phrase> nhiệt"); a phrase quoted in a passage of its own
/// language has nearly none. (Wikipedia's nearest, "ducat một pound" after
/// its prices, has 0.83 with the numbers left out, and [`OFF_PAGE_INSIDE`]
/// tells it apart. At half, as at two in three, no phrase of the corpus
/// splits is so, with the default lexicon or an ablated one.)
const OFF_PAGE_AMID_MARKS: f64 = 0.5;
/// The share of its occurrences such a phrase stands inside a sentence at
/// ([`Features::inside`]): a unit of measure after its numbers ends its
/// clause ("200 ducat một pound…").
const OFF_PAGE_INSIDE: f64 = 0.5;
/// The distinct places (the words before and after) that make such a
/// phrase's places unrelated however often it repeats among them: a word
/// replaced at every place it stood leaves the same neighbours at some.
const OFF_PAGE_PLACES: f64 = 4.0;
/// The words such a phrase needs when it is seen twice only: terms of
/// three words said twice are the text's ("branch delay slot", "borat
/// subsequent moviefilm").
const OFF_PAGE_TWICE_WORDS: f64 = 4.0;
/// The English function words such a phrase has at most: a quoted line
/// ("be used to the cold") has more.
const OFF_PAGE_FUNCTION_WORDS: f64 = 1.0;

/// The probability of Vietnamese stripped of its marks pasted once
/// ([`Features::stripped_pasted_once`]), at least, and what it needs: two
/// bare words real text writes with marks fit a term or a name ("ung
/// dung", "Kim Dong"), and three words too few places to say (the corpus
/// splits have "facebooker toan phan", "son hay son").
const STRIPPED_ONCE: f32 = 0.9;
const STRIPPED_ONCE_WORDS: f64 = 4.0;
const STRIPPED_ONCE_HOT: f64 = 2.0;
const STRIPPED_ONCE_STRIPPED: f64 = 3.0;
/// How much better a phrase spliced into a sentence must read with marks
/// put back ([`Features::stripped_spliced_once`]), in lower case and as a
/// name: the clean splits' stripped phrases so set read 3.1 better at
/// most in lower case, 5.8 as names.
const SPLICED_STRIPPED: f64 = 4.0;
const SPLICED_NAME_STRIPPED: f64 = 6.0;
/// The same, for a phrase in lower case with more than one word of
/// another language, no more of them than words stripped of their marks:
/// "dich vu review google maps". (Pinyin or a Latin name reads no better
/// so: their syllables are no stripped Vietnamese.)
const SPLICED_MIXED_STRIPPED: f64 = 6.0;
/// The same for stripped Vietnamese at unrelated places
/// ([`Features::stripped_and_repeated`]): two words are a term as often
/// ("bi da", "ung dung").
const STRIPPED_REPEATED: f32 = 0.9;
const STRIPPED_REPEATED_WORDS: f64 = 3.0;
const STRIPPED_REPEATED_STRIPPED: f64 = 2.0;
/// The same in any case ([`Features::stripped_and_repeated_at_length`]).
const STRIPPED_LONG_WORDS: f64 = 5.0;
const STRIPPED_LONG_STRIPPED: f64 = 4.0;

/// The probability of a phrase pasted in disguise ([`Features::disguised`]
/// at least [`DISGUISED_SHARE`]), whatever else is said of it.
const DISGUISED: f32 = 0.95;
const DISGUISED_SHARE: f64 = 0.5;
const DISGUISED_WORDS: f64 = 3.0;

/// Places inside the text's words ([`Features::split`]) that make a phrase
/// pasted, whatever else is said of it, and its probability then. No
/// phrase of the train, dev or wiki-lm splits stands so at two places, with
/// the default lexicon or an ablated one.
const SPLITS: f64 = 2.0;
const SPLITS_WORDS: f32 = 0.9;

/// The spam vocabulary weight an accented phrase needs one word of...
const MARKED_VOCABULARY: f64 = 2.0;
/// ...or its words together (weights above 0, summed). No phrase of the
/// train, dev or wiki-lm splits that the model would then take is so, with
/// the default lexicon or the ablated ones.
const MARKED_VOCABULARY_SUM: f64 = 2.5;
/// The words from which a phrase written with marks, said twice, is a
/// stretch of the text's sentences: keyword strings run to eight.
const MARKED_SENTENCE_WORDS: f64 = 9.0;
/// How much the words before a phrase written with marks may raise its
/// first words ([`Features::left`], log10) before it reads as the text's
/// own: of the phrases written with marks pasted in the tune half's and
/// the probes' cases that the judge takes, the highest has 1.75.
const MARKED_LEADS_IN: f64 = 2.5;
/// What [`Features::mixed_and_repeated`] needs.
const MIXED_OCCURRENCES: f64 = 3.0;
const MIXED_PLACES: f64 = 0.75;
const MIXED_WORDS: f64 = 3.0;
/// The spam vocabulary weight a phrase seen once, with no brand in it,
/// needs one word of.
const SINGLE_VOCABULARY: f64 = 0.3;
/// The same for a phrase seen once with a foreign word in it.
const SINGLE_FOREIGN_VOCABULARY: f64 = 2.0;
/// The words stripped of their marks, and the words, of a phrase seen once
/// with no spam vocabulary that breaks its sentence at both edges, for it
/// to be weighed all the same. (Two words fit too many places: real text
/// has "ung dung", "bi da" so.)
const SINGLE_BREAKS_HOT: f64 = 2.0;
const SINGLE_BREAKS_WORDS: f64 = 3.0;
/// The spam vocabulary weight a phrase that reads as a name ([`NAME`] or
/// more) needs one word of.
const NAME_VOCABULARY: f64 = 1.6;
/// The same for a name written with marks.
const MARKED_NAME_VOCABULARY: f64 = 2.5;
const NAME: f64 = 0.5;
/// The words written bare that real text writes with marks, and how much
/// better (log10) the phrase must read with them put back, for a phrase
/// that reads as a name to be taken for stripped Vietnamese.
const STRIPPED_NOT_A_NAME_HOT: f64 = 3.0;
const STRIPPED_NOT_A_NAME: f64 = 6.0;
/// How much better (log10) a phrase mostly of foreign words, with a brand in
/// it, must read with marks put back for its bare words to be Vietnamese.
/// (Such phrases in the train and dev splits and in wiki-lm read at most
/// 0.23 better: "sidereal day".)
const MIXED_STRIPPED: f64 = 0.5;
/// The share of foreign words that makes a phrase another language's.
const FOREIGN: f64 = 0.5;
/// The foreign words of such a phrase one strong spam word speaks for.
const FOREIGN_WORDS_PER_SPAM_WORD: f64 = 4.0;

/// The most [`Features::stripped`] counts for.
const MAX_STRIPPED: f64 = 12.0;
/// The most an edge's lift ([`Features::left`], `right`, `join`) counts
/// for, either way.
const MAX_LIFT: f64 = 3.0;

/// The features the language model gives (and the page's word counts),
/// with the range each is clipped to (as in [`Features::values`]).
const MODEL_FEATURES: [(&str, f64, f64); 8] = [
    // (Not the model's, but it needs the page's words counted: as dear.)
    ("off_topic", 0.0, 1.0),
    ("stripped", 0.0, MAX_STRIPPED),
    ("left", -MAX_LIFT, MAX_LIFT),
    ("right", -MAX_LIFT, MAX_LIFT),
    ("join", -MAX_LIFT, MAX_LIFT),
    ("inner", -2.0, 3.0),
    ("stripped_name", 0.0, MAX_STRIPPED),
    ("edges_name", -6.0, 6.0),
];

/// Skeletons Wikipedia uses more often than this (the 180 commonest:
/// "cua", "nguoi", "nam") say nothing of a page's subject.
const COMMON_WORD: u32 = 15_000;

/// Counts of each folded word of a page, made once per page when some
/// phrase is judged.
#[derive(Default)]
pub(crate) struct PageWords<'d> {
    counts: Option<KeyMap<u32>>,
    doc: std::marker::PhantomData<&'d ()>,
}

impl<'d> PageWords<'d> {
    fn count(&mut self, doc: &'d Doc, w: &str) -> u32 {
        let counts = self.counts.get_or_insert_with(|| {
            let mut counts = KeyMap::default();
            for t in &doc.toks {
                *counts
                    .entry(super::ngram::hash_word(doc.folded_text(t).as_bytes()))
                    .or_insert(0) += 1;
            }
            counts
        });
        counts
            .get(&super::ngram::hash_word(w.as_bytes()))
            .copied()
            .unwrap_or(0)
    }
}

/// [`Features::function_words`] of a phrase's words (folded). One that
/// also spells a Vietnamese syllable ("so" of "xo so", "do" of "cam do
/// online", "no" of "free spin no hu hang ngay", "can" of "khong can")
/// counts only when the phrase is English otherwise: an English function
/// word in it that spells none ("for" of "do it for them"), or more English
/// words than Vietnamese ones ("no" of "fast loan no credit check"; words
/// that are both, "them", count for neither). A phrase stripped of its
/// marks is full of such skeletons, and reading them as English made it a
/// sentence of English.
fn function_words<'w>(words: impl Iterator<Item = &'w str> + Clone) -> f64 {
    let spells_a_syllable = |w: &str| super::accent::frequency(w.as_bytes()) > 0;
    let (mut plainly, mut english, mut vietnamese) = (false, 0usize, 0usize);
    for w in words.clone() {
        if is_function_word(w) {
            plainly |= !spells_a_syllable(w);
        } else if !spells_a_syllable(w) {
            english += usize::from(w.bytes().all(|b| b.is_ascii_lowercase()));
        } else if !super::ngram::is_english(w) {
            vietnamese += 1;
        }
    }
    let english = plainly || english > vietnamese;
    words
        .filter(|w| is_function_word(w) && (english || !spells_a_syllable(w)))
        .count() as f64
}

/// [`Features::disguised`] of the occurrences `occ`.
fn disguised(doc: &Doc, occ: &[std::ops::Range<usize>]) -> f64 {
    if !doc.hides {
        return 0.0;
    }
    // Pasted once: two words or more with letters of another script that
    // look like Latin ones ("vаy tiеn", Cyrillic "а" and "е"), or a bare
    // word with an invisible character inside that no converter puts there
    // ([`Doc::is_hidden_inside`]). Real text mixes scripts inside a word
    // by accident, once, or in a formula or a transcription (Greek letters
    // that look like no Latin one); a converter scatters soft hyphens over
    // whole paragraphs, and zero-width characters fall inside words with
    // marks or of other scripts, not inside bare Latin ones.
    if let [r] = occ {
        let alike = r.clone().filter(|&j| doc.is_lookalike(j)).count();
        let hidden = r.clone().any(|j| doc.is_hidden_inside(j));
        return if alike >= 2 || hidden { 1.0 } else { 0.0 };
    }
    let mut forms: Vec<Vec<&str>> = occ
        .iter()
        .filter(|r| (r.start..r.end).any(|j| doc.is_disguised(j)))
        .map(|r| r.clone().map(|j| doc.written(j)).collect())
        .collect();
    let shown = forms.len();
    forms.sort_unstable();
    forms.dedup();
    if shown < 2 || forms.len() < 2 {
        return 0.0;
    }
    shown as f64 / occ.len().max(1) as f64
}

/// The features of unit `u` of `doc`; `lexicon` is the weight of the
/// strongest entry that counts inside it, `fit` how it fits its sentences,
/// `stripped` how much better it reads with marks put back, `split` the
/// places where it stands inside the text's words (`context::splits`).
pub(crate) fn features<'d>(
    doc: &'d Doc,
    u: &Unit,
    lexicon: f32,
    fit: &Fit,
    stripped: f32,
    split: usize,
    page: Option<&mut PageWords<'d>>,
) -> Features {
    let occ = &u.occurrences;
    let n = occ.len().max(1);
    let beside_marks = amid_marks(doc, occ);
    // (Its words as written alike: a spun occurrence has one more, one
    // fewer or two swapped.)
    let first = u.alike().first().cloned().unwrap_or(0..0);
    let word = |j: usize| doc.toks.get(j).map_or("", |t| doc.folded_text(t));
    let len = first.len().max(1);
    // Distinctive words, and whether the page uses them outside the
    // phrase's occurrences.
    // (A word said again at an occurrence's edge, spelled just as its edge
    // word, is the paste's: "free free spin no deposit".)
    let inside = |w: &str| {
        occ.iter()
            .map(|r| {
                let before = r.start > 0 && r.start < r.end && doc.said_again(r.start, r.start - 1);
                let after =
                    r.start < r.end && r.end < doc.toks.len() && doc.said_again(r.end - 1, r.end);
                let from = r.start - usize::from(before);
                let to = r.end + usize::from(after);
                (from..to).filter(|&j| word(j) == w).count() as u32
            })
            .sum::<u32>()
    };
    // Its content words: neither numbers nor the most common syllables.
    let distinctive: Vec<usize> = first
        .clone()
        .filter(|&j| {
            let w = word(j);
            !w.bytes().all(|b| b.is_ascii_digit())
                && super::accent::frequency(w.as_bytes()) < COMMON_WORD
        })
        .collect();
    // (Without the page's counts, not weighed: 0. Only phrases written
    // with marks, or in another language, are weighed so: the page's words
    // say nothing of a phrase stripped of its marks that its spelling does
    // not say better.)
    // (Mostly English words a lexicon uses, only where the rules that ask
    // could hold: three words or more, not a name: the page's counts cost.)
    let english = f64::from(u.english) >= FOREIGN
        && len >= FOREIGN_REPEATED_WORDS as usize
        && u.name <= 0.0
        && lexicon <= 0.0;
    let off = match page.filter(|_| u.marked >= 0.5 || f64::from(u.foreign) >= FOREIGN || english) {
        Some(page) => distinctive
            .iter()
            .filter(|&&j| {
                let w = word(j);
                page.count(doc, w) <= inside(w)
            })
            .count(),
        None => 0,
    };
    Features {
        bare: f64::from(u.score),
        suspicion: f64::from(u.sum),
        hot: u.hot as f64,
        stripped: f64::from(stripped),
        brands: u.brands as f64,
        lexicon: f64::from(lexicon),
        occurrences: (n as f64).log2(),
        places: places(doc, occ) as f64 / n as f64,
        words: len as f64,
        vocabulary: f64::from(u.vocab),
        vocabulary_max: f64::from(u.vocab_max),
        marked: f64::from(u.marked),
        name: f64::from(u.name),
        foreign: f64::from(u.foreign),
        english: f64::from(u.english),
        left: f64::from(fit.left.unwrap_or(0.0)),
        right: f64::from(fit.right.unwrap_or(0.0)),
        join: f64::from(fit.join.unwrap_or(0.0)),
        inner: f64::from(fit.inner),
        stripped_name: f64::from(stripped) * f64::from(u.name),
        edges_name: f64::from(fit.left.unwrap_or(0.0) + fit.right.unwrap_or(0.0))
            * f64::from(u.name),
        disguised: disguised(doc, occ),
        split: split as f64,
        amid_marks: beside_marks,
        // (Asked of a phrase pasted once only, which alone needs it.)
        amid_vietnamese: if beside_marks >= 1.0 || n > 1 {
            beside_marks
        } else {
            amid_vietnamese(doc, occ)
        },
        function_words: function_words(first.clone().map(word)),
        inside: super::ngram::inside(doc, occ),
        off_topic: if distinctive.is_empty() {
            0.0
        } else {
            off as f64 / distinctive.len() as f64
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_word_that_spells_a_syllable_is_english_only_among_english_words() {
        let count = |p: &str| function_words(p.split(' '));
        // Stripped Vietnamese: "do" is "đồ", "no" "nổ", "can" "cần", "so" "số".
        assert_eq!(count("cam do online"), 0.0);
        assert_eq!(count("free spin no hu hang ngay"), 0.0);
        assert_eq!(count("vay tien khong can the chap"), 0.0);
        assert_eq!(count("xo so mien bac"), 0.0);
        // Among English words they are English; and "for", "with", which
        // spell no syllable, are English anywhere.
        assert_eq!(count("fast loan no credit check"), 1.0);
        assert_eq!(count("do it yourself"), 2.0);
        assert_eq!(count("do it for them"), 3.0);
        assert_eq!(count("tai game for android"), 1.0);
    }

    /// Features spread over (and past) their ranges, from a fixed seed.
    fn spread(n: usize) -> Vec<Features> {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |lo: f64, hi: f64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            lo + (x % 10_000) as f64 / 10_000.0 * (hi - lo)
        };
        (0..n)
            .map(|_| Features {
                bare: next(0.0, 1.0),
                suspicion: next(0.0, 7.0),
                hot: next(0.0, 5.0).floor(),
                stripped: next(0.0, 14.0),
                brands: next(0.0, 3.0).floor(),
                lexicon: next(0.0, 1.0).round(),
                occurrences: next(1.0, 6.0),
                places: next(0.0, 1.0),
                words: next(1.0, 10.0).floor(),
                vocabulary: next(0.0, 11.0),
                vocabulary_max: next(0.0, 5.0),
                marked: next(0.0, 1.0).round(),
                foreign: next(0.0, 1.0),
                name: next(0.0, 1.0),
                left: next(-4.0, 4.0),
                right: next(-4.0, 4.0),
                join: next(-4.0, 4.0),
                inner: next(-3.0, 4.0),
                stripped_name: next(0.0, 14.0),
                edges_name: next(-7.0, 7.0),
                disguised: next(0.0, 1.0),
                split: next(0.0, 3.0).floor(),
                off_topic: next(0.0, 1.0),
                amid_marks: next(0.0, 1.0),
                amid_vietnamese: next(0.0, 1.0),
                function_words: next(0.0, 3.0).floor(),
                inside: next(0.0, 1.0),
                english: next(0.0, 1.0),
            })
            .collect()
    }

    #[test]
    fn the_bound_without_the_model_holds_whatever_the_model_says() {
        // (Seen once as well: then two models may weigh the phrase.)
        let once = spread(5_000).into_iter().map(|f| Features {
            occurrences: 0.0,
            ..f
        });
        for f in spread(5_000).into_iter().chain(once) {
            assert!(f.log_odds() <= f.without_model(true) + 1e-9, "{f:?}");
            let plain = Features {
                stripped: 0.0,
                stripped_name: 0.0,
                ..f.clone()
            };
            assert!(
                plain.log_odds() <= plain.without_model(false) + 1e-9,
                "{plain:?}"
            );
        }
    }

    #[test]
    fn a_phrase_pasted_in_disguise_is_spam_whatever_else_is_said() {
        // An English phrase with no spam vocabulary is another language's
        // (ruled out), unless most of its pastes hide it from filters.
        let english = Features {
            foreign: 0.75,
            words: 4.0,
            occurrences: 2.0,
            ..Features::default()
        };
        assert!(english.ruled_out());
        assert_eq!(english.score(), 0.0);
        let hidden = Features {
            disguised: 0.75,
            ..english.clone()
        };
        assert_eq!(hidden.score(), DISGUISED);
        assert_eq!(
            hidden.contributions().first().map(|c| c.0),
            Some("disguised")
        );
        // One paste in four is not most.
        let once = Features {
            disguised: 0.25,
            ..english
        };
        assert_eq!(once.score(), 0.0);
    }

    #[test]
    fn a_name_written_with_marks_needs_strong_spam_vocabulary() {
        let name = Features {
            marked: 1.0,
            name: 1.0,
            vocabulary_max: 2.2,
            occurrences: 1.0,
            words: 4.0,
            inside: 1.0,
            ..Features::default()
        };
        assert!(name.ruled_out());
        assert_eq!(name.score(), 0.0);
        let strong = Features {
            vocabulary_max: 3.0,
            ..name.clone()
        };
        assert!(!strong.ruled_out());
        let listed = Features {
            lexicon: 1.0,
            ..name.clone()
        };
        assert!(!listed.ruled_out());
        // Written bare, the same name needs less.
        let bare = Features {
            marked: 0.0,
            ..name
        };
        assert!(!bare.ruled_out());
    }

    #[test]
    fn a_name_of_words_stripped_of_their_marks_is_stripped_vietnamese() {
        // "Hack Tai Khoan Facebook Nguoi Khac" in title case, every "học"
        // of a page replaced: as read on the page (no spam word left once
        // the lexicon loses its entries).
        let title = Features {
            name: 0.64,
            hot: 3.0,
            stripped: 10.1,
            foreign: 0.33,
            vocabulary_max: 0.07,
            occurrences: 1.6,
            words: 6.0,
            ..Features::default()
        };
        assert!(!title.ruled_out());
        // "Hong Kong Carrie Lam", three times in a news story: two words
        // real text writes with marks, and only somewhat better with them.
        let name = Features {
            hot: 2.0,
            stripped: 4.2,
            foreign: 0.0,
            name: 1.0,
            vocabulary_max: 1.33,
            ..title.clone()
        };
        assert!(name.ruled_out());
        // A foreign name whose syllables look stripped ("Ong Ye Kung").
        assert!(Features {
            foreign: 0.67,
            ..title.clone()
        }
        .ruled_out());
        // Without the model's say, the phrase is not ruled out before it is
        // asked: the bound reads `stripped` at its most.
        let unasked = Features {
            stripped: 0.0,
            ..title
        };
        assert!(unasked.ruled_out());
        assert!(!Features {
            stripped: MAX_STRIPPED,
            ..unasked
        }
        .ruled_out());
    }

    #[test]
    fn a_phrase_seen_once_needs_spam_vocabulary_and_more_with_foreign_words() {
        let once = Features {
            suspicion: 3.0,
            hot: 3.0,
            stripped: 5.0,
            words: 4.0,
            places: 1.0,
            vocabulary_max: 0.5,
            ..Features::default()
        };
        assert!(!once.ruled_out());
        let plain = Features {
            vocabulary_max: 0.0,
            ..once.clone()
        };
        assert!(plain.ruled_out(), "no spam word, no brand");
        assert!(
            !Features {
                brands: 1.0,
                ..plain
            }
            .ruled_out(),
            "a brand"
        );
        let foreign = Features {
            foreign: 0.25,
            brands: 1.0,
            hot: 2.0,
            ..once.clone()
        };
        assert!(
            foreign.ruled_out(),
            "a foreign word needs strong vocabulary"
        );
        // Unless three words or more are stripped of their marks, and the
        // foreign word is the only one.
        let stripped = Features {
            hot: 3.0,
            ..foreign.clone()
        };
        assert!(!stripped.ruled_out());
        assert!(
            Features {
                foreign: 0.5,
                ..stripped
            }
            .ruled_out(),
            "two foreign words of four"
        );
        assert!(!Features {
            vocabulary_max: 2.5,
            ..foreign
        }
        .ruled_out());
        // Repeated, the same phrase is weighed by the other model's rules.
        assert!(!Features {
            occurrences: 1.0,
            vocabulary_max: 0.0,
            ..once.clone()
        }
        .ruled_out());
    }

    #[test]
    fn a_phrase_seen_once_that_breaks_its_sentence_needs_no_spam_vocabulary() {
        // "giai ma giac mo danh con gi" pasted once into a news story: no
        // word of it spam vocabulary once the lexicon's are taken out, but
        // neither the words before it lead into it nor those after it
        // follow from it, and the sentence reads on without it.
        let pasted = Features {
            suspicion: 4.0,
            hot: 4.0,
            stripped: 10.0,
            words: 7.0,
            places: 1.0,
            left: -2.26,
            right: -0.67,
            join: 2.49,
            ..Features::default()
        };
        assert!(!pasted.ruled_out());
        // A caption or a careless edit is its sentence: its edges fit.
        // (Of three words, with one edge fitting, or where the words either
        // side do not join up without it, the edges' say is not enough; of
        // four or more, the left edge speaks alone: see
        // `four_words_stripped_of_their_marks_pasted_once_are_spam_by_the_left_edge`.)
        for (left, right, join, hot, words) in [
            (0.3, -0.67, 2.49, 4.0, 7.0),
            (-2.26, 0.2, 2.49, 3.0, 3.0),
            (-2.26, -0.67, 0.4, 2.0, 3.0),
        ] {
            assert!(
                Features {
                    left,
                    right,
                    join,
                    hot,
                    words,
                    ..pasted.clone()
                }
                .ruled_out(),
                "{left} {right} {join} {hot} {words}"
            );
        }
        // Two words fit too many places ("ung dung"), and a foreign word
        // among them needs its vocabulary all the same (unless the rest
        // reads better with marks put back: see the next two tests).
        assert!(Features {
            words: 2.0,
            hot: 2.0,
            ..pasted.clone()
        }
        .ruled_out());
        assert!(Features {
            foreign: 0.15,
            stripped: 2.5,
            ..pasted
        }
        .ruled_out());
    }

    #[test]
    fn many_words_stripped_of_their_marks_pasted_once_need_no_spam_vocabulary() {
        // "vay tin dung den lai ngay" pasted once in place of a word of a
        // news story: four words real text writes with marks, reading far
        // better with them, and neither edge fits; the words either side
        // do not join up without it (a word was taken out).
        let pasted = Features {
            suspicion: 4.96,
            hot: 4.0,
            stripped: 6.44,
            words: 6.0,
            places: 1.0,
            left: -0.95,
            right: -1.11,
            join: -0.42,
            ..Features::default()
        };
        assert!(!pasted.ruled_out());
        assert!(pasted.score() >= 0.5, "{}", pasted.score());
        // An editor's stripped passage reads on from the words before it
        // ("của họ mình la nguoi raglai …"), or has none before it in its
        // clause ("Cao)va tieu vuong quoc").
        for (left, right) in [(2.0, -1.11), (0.0, -1.94)] {
            assert!(Features {
                left,
                right,
                ..pasted.clone()
            }
            .ruled_out());
        }
        // At the end of its clause, breaking with the words before it, it
        // was pasted there ("… tại Việt Nam dat ve may bay gia re.").
        assert!(!Features {
            right: 0.0,
            ..pasted.clone()
        }
        .ruled_out());
        // One foreign word among them is Vietnamese with a loan word in it
        // ("giai ngan ngay khong can tham dinh" reads "tham" so); two are
        // another language's as likely.
        assert!(!Features {
            foreign: 1.0 / 6.0,
            ..pasted.clone()
        }
        .ruled_out());
        assert!(Features {
            foreign: 2.0 / 6.0,
            ..pasted.clone()
        }
        .ruled_out());
        // Fewer such words, or reading little better with marks, is what a
        // slip of the keyboard leaves.
        assert!(Features {
            hot: 2.0,
            words: 3.0,
            ..pasted.clone()
        }
        .ruled_out());
        assert!(Features {
            stripped: 2.0,
            ..pasted
        }
        .ruled_out());
    }

    #[test]
    fn stripped_vietnamese_at_unrelated_places_is_spam_whatever_its_words() {
        // "tima vay tien" in place of every "anh" of an article: a brand no
        // list names and two words stripped of their marks, reading better
        // with them, no spam vocabulary, the edges fitting well enough.
        let pasted = Features {
            suspicion: 2.0,
            hot: 2.0,
            stripped: 4.4,
            words: 3.0,
            occurrences: 2.0,
            places: 1.0,
            left: 0.2,
            right: 0.3,
            join: 0.1,
            brands: 1.0,
            amid_marks: 1.0,
            ..Features::default()
        };
        assert!(pasted.score() >= STRIPPED_REPEATED, "{}", pasted.score());
        assert_eq!(
            pasted.contributions().first().map(|c| c.0),
            Some("stripped_repeated")
        );
        // Mostly another language's words: still so, with its stripped word.
        assert!(
            Features {
                foreign: 0.6,
                words: 5.0,
                hot: 1.0,
                stripped: 3.5,
                ..pasted.clone()
            }
            .score()
                >= STRIPPED_REPEATED
        );
        // Not so: a term of two words, a name, the same frame each time
        // (places), reading little better with marks, or seen once.
        for f in [
            Features {
                words: 2.0,
                ..pasted.clone()
            },
            Features {
                name: 1.0,
                ..pasted.clone()
            },
            Features {
                places: 0.5,
                ..pasted.clone()
            },
            Features {
                stripped: 1.5,
                ..pasted.clone()
            },
            Features {
                occurrences: 0.0,
                ..pasted
            },
        ] {
            assert!(f.score() < STRIPPED_REPEATED, "{f:?}");
        }
    }

    #[test]
    fn a_phrase_with_marks_set_apart_from_the_sentences_is_no_paste() {
        // "cắt từ clip nhân vật cung cấp", a photo's caption said twice in
        // a health story: the fitted model takes it on its length and its
        // "clip", but it stands apart, a line of its own each time.
        let caption = Features {
            marked: 0.71,
            words: 7.0,
            occurrences: 1.0,
            places: 1.0,
            suspicion: 1.68,
            vocabulary: 2.77,
            vocabulary_max: 2.77,
            left: -0.53,
            inner: 0.21,
            off_topic: 0.33,
            amid_marks: 1.0,
            ..Features::default()
        };
        assert!(caption.log_odds() > 0.0, "the model alone takes it");
        assert!(caption.ruled_out());
        // "thương binh Hoàng Tiến Vin", a name with its title five times,
        // now in a sentence, now heading a paragraph.
        let name = Features {
            marked: 0.6,
            name: 0.93,
            words: 5.0,
            occurrences: 5f64.log2(),
            places: 1.0,
            vocabulary: 2.58,
            vocabulary_max: 2.58,
            left: -0.88,
            right: -0.19,
            join: -0.64,
            amid_marks: 0.8,
            inside: 0.6,
            ..Features::default()
        };
        assert!(name.ruled_out());
        // Spliced into sentences, the same phrases are weighed; and so is
        // the caption said a third time (a tool's paste at a line's start)
        // or one a lexicon entry vouches for.
        for f in [
            Features {
                inside: 1.0,
                ..caption.clone()
            },
            Features {
                inside: 1.0,
                ..name
            },
            Features {
                occurrences: 3f64.log2(),
                ..caption.clone()
            },
            Features {
                lexicon: 1.0,
                ..caption
            },
        ] {
            assert!(!f.ruled_out(), "{f:?}");
        }
    }

    #[test]
    fn a_phrase_with_marks_of_the_pages_own_words_standing_apart_is_its_term() {
        // "cá cược bóng đá quốc tế" three times in a story on betting law,
        // weighed once "cược" opened windows (a lexicon without the entries
        // that vouch for it as the text's): two of the three in clauses
        // of their own, every word of it said elsewhere on the page.
        let term = Features {
            marked: 1.0,
            words: 6.0,
            occurrences: 3f64.log2(),
            places: 1.0,
            vocabulary: 3.42,
            vocabulary_max: 2.33,
            left: -1.06,
            right: -0.31,
            join: -0.11,
            inner: 1.68,
            amid_marks: 0.33,
            inside: 0.33,
            ..Features::default()
        };
        assert!(term.log_odds() > 0.0, "the model alone takes it");
        assert!(term.ruled_out());
        // Off the page's subject, or spliced into its sentences, it is
        // weighed.
        for f in [
            Features {
                off_topic: 0.5,
                ..term.clone()
            },
            Features {
                inside: 1.0,
                ..term
            },
        ] {
            assert!(!f.ruled_out(), "{f:?}");
        }
    }

    #[test]
    fn the_texts_own_sentences_said_twice_with_marks_are_no_spam() {
        // Two phrases of business and education news said twice, weighed
        // without the lexicon entries that vouch for their words: the
        // fitted model took both for spam on their length and one spam
        // word ("lãi", "online").
        let interbank = Features {
            marked: 0.89,
            words: 9.0,
            occurrences: 1.0,
            places: 1.0,
            vocabulary: 3.02,
            vocabulary_max: 2.74,
            left: -1.57,
            right: -0.51,
            join: -0.81,
            inner: 1.23,
            amid_marks: 1.0,
            inside: 1.0,
            ..Features::default()
        };
        let blended = Features {
            marked: 0.57,
            words: 7.0,
            occurrences: 1.0,
            places: 0.5,
            brands: 2.0,
            suspicion: 0.8,
            vocabulary: 2.82,
            vocabulary_max: 2.82,
            foreign: 0.29,
            left: 3.23,
            inner: 0.58,
            amid_marks: 0.5,
            inside: 1.0,
            ..Features::default()
        };
        for f in [&interbank, &blended] {
            assert!(f.log_odds() > 0.0, "the model alone takes it: {f:?}");
            assert!(f.ruled_out() && f.score() == 0.0, "{f:?}");
        }
        // Eight words, or three occurrences, or words before it that do not
        // lead into it, and the model weighs it.
        for f in [
            Features {
                words: 8.0,
                ..interbank.clone()
            },
            Features {
                occurrences: 3f64.log2(),
                ..interbank
            },
            Features {
                left: 1.5,
                ..blended
            },
        ] {
            assert!(!f.ruled_out(), "{f:?}");
        }
    }

    #[test]
    fn five_words_stripped_of_their_marks_at_three_places_are_spam_in_title_case_too() {
        // "Dich Vu Review Google Maps" pasted three times in title case: a
        // name to the fitted model, but no name has five words, two of
        // them stripped of their marks, reading far better with them.
        let pasted = Features {
            suspicion: 2.0,
            hot: 2.0,
            stripped: 8.8,
            words: 5.0,
            foreign: 0.4,
            name: 1.0,
            occurrences: 3f64.log2(),
            places: 1.0,
            left: 0.3,
            right: 0.4,
            amid_marks: 1.0,
            ..Features::default()
        };
        assert!(pasted.ruled_out());
        assert!(pasted.score() >= STRIPPED_REPEATED, "{}", pasted.score());
        assert_eq!(
            pasted.contributions().first().map(|c| c.0),
            Some("stripped_repeated")
        );
        // Not so: a name of four words ("Hong Kong Carrie Lam"), one said
        // twice, mostly another language's, reading little better.
        for f in [
            Features {
                words: 4.0,
                ..pasted.clone()
            },
            Features {
                occurrences: 1.0,
                ..pasted.clone()
            },
            Features {
                foreign: 0.6,
                ..pasted.clone()
            },
            Features {
                stripped: 3.0,
                ..pasted
            },
        ] {
            assert!(f.score() < STRIPPED_REPEATED, "{f:?}");
        }
    }

    #[test]
    fn four_words_stripped_of_their_marks_pasted_once_are_spam_by_the_left_edge() {
        // "nhan lam bang dai hoc" pasted once into a news story: two of its
        // words real text writes with marks, reading better with them put
        // back, no spam vocabulary, and the words before it do not lead
        // into it.
        let pasted = Features {
            suspicion: 3.0,
            hot: 2.0,
            stripped: 3.5,
            words: 5.0,
            places: 1.0,
            left: -0.4,
            right: 0.6,
            join: 0.1,
            amid_marks: 1.0,
            ..Features::default()
        };
        assert!(!pasted.ruled_out());
        assert!(pasted.score() >= STRIPPED_ONCE, "{}", pasted.score());
        assert_eq!(
            pasted.contributions().first().map(|c| c.0),
            Some("stripped_once")
        );
        // After a foreign first word the model cannot read, the words after
        // it and the text reading on without it speak instead.
        let foreign_first = Features {
            foreign: 1.0 / 6.0,
            words: 6.0,
            left: 0.3,
            right: -1.7,
            join: 1.3,
            ..pasted.clone()
        };
        assert!(foreign_first.score() >= STRIPPED_ONCE);
        // Not so: in title case (a name), with a left edge the words before
        // lead into (an editor's passage), three words, two foreign words,
        // or reading little better with marks.
        for f in [
            Features {
                name: 1.0,
                ..pasted.clone()
            },
            Features {
                left: 0.2,
                ..pasted.clone()
            },
            Features {
                words: 3.0,
                ..pasted.clone()
            },
            Features {
                foreign: 2.0 / 6.0,
                words: 6.0,
                ..pasted.clone()
            },
            Features {
                stripped: 2.5,
                ..pasted
            },
        ] {
            assert!(f.score() < 0.5, "{f:?}");
        }
    }

    #[test]
    fn a_strong_phrase_seen_once_takes_the_higher_of_two_models() {
        for f in spread(2_000) {
            let f = Features {
                occurrences: 0.0,
                marked: 0.0,
                foreign: 0.0,
                vocabulary_max: 2.5,
                ..f
            };
            let z = f.log_odds();
            assert!(
                z >= f.log_odds_with(&SINGLE) && z >= f.log_odds_with(&BARE),
                "{f:?}"
            );
            let weak = Features {
                vocabulary_max: 1.0,
                ..f
            };
            assert_eq!(weak.log_odds(), weak.log_odds_with(&SINGLE));
        }
    }

    #[test]
    fn length_past_six_words_says_no_more() {
        for f in spread(200) {
            let six = Features {
                words: 6.0,
                ..f.clone()
            };
            let nine = Features { words: 9.0, ..f };
            assert_eq!(six.log_odds(), nine.log_odds());
        }
    }

    #[test]
    fn stripped_words_spliced_once_into_a_sentence_are_spam_whatever_their_edges() {
        // "thiet ke website gia re" between "ông" and "Moon": seen once,
        // edges that read well (the model put its marks back), but words
        // with marks right before and after it.
        let spliced = Features {
            suspicion: 2.5,
            hot: 3.0,
            stripped: 14.7,
            words: 5.0,
            foreign: 0.2,
            left: 0.4,
            right: 0.85,
            join: 0.3,
            amid_marks: 1.0,
            inside: 1.0,
            ..Features::default()
        };
        assert!(!spliced.ruled_out());
        assert!(spliced.score() >= STRIPPED_ONCE, "{}", spliced.score());
        // Set apart, the same words without spam vocabulary are ruled out
        // (a caption, a quotation, a clause typed without accents).
        let apart = Features {
            inside: 0.0,
            ..spliced.clone()
        };
        assert!(apart.ruled_out());
        assert_eq!(apart.score(), 0.0);
        // Not so: standing apart by punctuation (a clause typed without
        // accents), reading little better with marks, four words in title
        // case ("Vo Trong Nghia Architects"), more foreign words than words
        // stripped of their marks and one, or a lexicon phrase (which its
        // own rules weigh).
        for f in [
            Features {
                inside: 0.0,
                ..spliced.clone()
            },
            Features {
                stripped: 3.5,
                ..spliced.clone()
            },
            Features {
                name: 1.0,
                words: 4.0,
                foreign: 0.25,
                stripped: 9.0,
                ..spliced.clone()
            },
            Features {
                hot: 2.0,
                words: 6.0,
                foreign: 4.0 / 6.0,
                ..spliced.clone()
            },
        ] {
            assert!(!f.stripped_spliced_once(), "{f:?}");
        }
        // Two or three foreign words among as many stripped ones and one,
        // reading far better with marks: "dich vu review google maps".
        let mixed = Features {
            hot: 2.0,
            foreign: 0.6,
            stripped: 7.8,
            ..spliced.clone()
        };
        assert!(mixed.stripped_spliced_once());
        for f in [
            Features {
                stripped: 5.5,
                ..mixed.clone()
            },
            Features {
                name: 1.0,
                words: 6.0,
                foreign: 0.5,
                ..mixed.clone()
            },
        ] {
            assert!(!f.stripped_spliced_once(), "{f:?}");
        }
        // In title case, five words reading 6 better are spliced all the same.
        let titled = Features {
            name: 1.0,
            stripped: 6.5,
            ..spliced.clone()
        };
        assert!(titled.stripped_spliced_once());
        assert!(!Features {
            stripped: 5.8,
            ..titled
        }
        .stripped_spliced_once());
    }
}
