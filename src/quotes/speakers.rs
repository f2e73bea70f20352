//! Who said each quote: parsing attributions (заявил депутат Мажилиса Арман Ахметов; По словам
//! Айгерим Сейтказиевой; Как отметил он), putting names in the nominative, and resolving pronouns
//! and short references to the most recent matching named person.

use super::lexicon::{pronoun, role_noun};
use super::spans::{lower, paragraphs, sentence_start, words, Candidate};
#[cfg(test)]
use super::Kind;
use super::Quote;

/// A named person seen in the article.
#[derive(Debug, Clone, PartialEq)]
struct Person {
    name: String,
    role: String,
    female: bool,
    /// Where the person was last mentioned or quoted.
    pos: usize,
}

/// What an attribution names.
#[derive(Debug, Clone, PartialEq)]
enum Said {
    Named(Person),
    /// A bare surname (Ахметов), to match against people already named.
    Surname(String, bool),
    Pronoun(bool),
    /// A role without a name (эксперт, министр): the base noun and the phrase as written.
    Role(String, String),
    Nobody,
}

const SURNAME_ENDS: [&str; 24] = [
    "ов", "ев", "ин", "ын", "ова", "ева", "ина", "ына", "ий", "ая", "ко", "ук", "юк", "ян", "дзе",
    "ұлы", "улы", "қызы", "кызы", "бай", "ич", "ов.", "ль", "ер",
];

fn is_capitalized(chars: &[char], (s, _): (usize, usize)) -> bool {
    chars[s].is_uppercase()
}

fn is_acronym(chars: &[char], (s, e): (usize, usize)) -> bool {
    e - s >= 2 && chars[s..e].iter().all(|c| !c.is_lowercase())
}

/// The nominative of a surname, given whether the phrase puts names in the genitive.
fn surname_nominative(w: &str, genitive: bool) -> (String, bool) {
    let strip = |s: &str, n: usize| s.chars().take(s.chars().count() - n).collect::<String>();
    for (end, to) in [
        ("ской", "ская"),
        ("цкой", "цкая"),
        ("ского", "ский"),
        ("цкого", "цкий"),
    ] {
        if let Some(base) = w.strip_suffix(end) {
            return (format!("{base}{to}"), to.ends_with('я'));
        }
    }
    if w.ends_with("овой") || w.ends_with("евой") || w.ends_with("иной") || w.ends_with("ыной")
    {
        return (format!("{}а", strip(w, 2)), true);
    }
    for end in ["ову", "еву", "ину", "ыну"] {
        if w.ends_with(end) {
            return (strip(w, 1), false);
        }
    }
    for end in ["овым", "евым", "иным", "ыным"] {
        if w.ends_with(end) {
            return (strip(w, 2), false);
        }
    }
    let fem_nom = ["ова", "ева", "ина", "ына", "ая"]
        .iter()
        .any(|e| w.ends_with(e));
    if genitive && fem_nom && !w.ends_with("ая") {
        // По словам Ахметова: the masculine genitive.
        return (strip(w, 1), false);
    }
    (w.to_string(), fem_nom)
}

fn first_name_nominative(w: &str, genitive: bool, female: bool) -> String {
    if !genitive {
        return w.to_string();
    }
    let strip = |s: &str, n: usize| s.chars().take(s.chars().count() - n).collect::<String>();
    let last = w.chars().last().unwrap_or(' ');
    if female {
        match last {
            'ы' => format!("{}а", strip(w, 1)),
            'и' if w.ends_with("ии") => format!("{}я", strip(w, 1)),
            _ => w.to_string(),
        }
    } else {
        match last {
            'а' => strip(w, 1),
            'я' => format!("{}й", strip(w, 1)),
            _ => w.to_string(),
        }
    }
}

fn looks_like_surname(w: &str) -> bool {
    let l = w.to_lowercase();
    SURNAME_ENDS.iter().any(|e| l.ends_with(e))
        || ["ой", "ову", "ева", "овым", "ого"]
            .iter()
            .any(|e| l.ends_with(e) && l.chars().count() > 5)
}

/// Reads the speaker out of an attribution phrase `chars[s..e]`.
fn parse(chars: &[char], (s, e): (usize, usize), genitive: bool) -> Said {
    let ws = words(chars, s, e);
    // A pronoun names nobody new.
    for &w in &ws {
        if let Some(f) = pronoun(&lower(chars, w)) {
            // "он" only counts as the subject when no name follows in the phrase.
            if !ws
                .iter()
                .any(|&x| is_capitalized(chars, x) && !is_acronym(chars, x) && x.0 > w.0)
            {
                return Said::Pronoun(f);
            }
        }
    }
    // A name: two capitalised words, the second a surname (or the first: Ахметов Арман), or
    // an initial and a surname.
    for k in 0..ws.len() {
        let (a, b) = (ws[k], ws.get(k + 1).copied());
        if !is_capitalized(chars, a) || is_acronym(chars, a) {
            continue;
        }
        let wa: String = chars[a.0..a.1].iter().collect();
        if let Some(b) = b {
            let adjacent = chars[a.1..b.0].iter().all(|c| *c == ' ' || *c == '.');
            if adjacent && is_capitalized(chars, b) && !is_acronym(chars, b) {
                let wb: String = chars[b.0..b.1].iter().collect();
                let (first, last) = if looks_like_surname(&wb) {
                    (wa.clone(), wb)
                } else if looks_like_surname(&wa) {
                    (wb, wa.clone())
                } else {
                    continue;
                };
                let (last, female) = surname_nominative(&last, genitive);
                let first = if first.chars().count() == 1 {
                    format!("{first}.")
                } else {
                    first_name_nominative(&first, genitive, female)
                };
                let role = role_phrase(chars, &ws, k, e, genitive);
                return Said::Named(Person {
                    name: format!("{first} {last}"),
                    role,
                    female,
                    pos: a.0,
                });
            }
        }
        // A lone capitalised surname (not the phrase's first word unless it is one).
        if looks_like_surname(&wa) && wa.chars().count() > 3 {
            let (last, female) = surname_nominative(&wa, genitive);
            return Said::Surname(last, female);
        }
    }
    for &w in &ws {
        if let Some(base) = role_noun(&lower(chars, w)) {
            let phrase: String = chars[w.0..e].iter().collect();
            return Said::Role(
                base.to_string(),
                phrase.trim().trim_end_matches(',').to_string(),
            );
        }
    }
    Said::Nobody
}

/// The role phrase of the name at word `k`: the words from a role noun up to the name, or the
/// words after `Имя Фамилия,` up to the phrase's end.
fn role_phrase(
    chars: &[char],
    ws: &[(usize, usize)],
    k: usize,
    e: usize,
    genitive: bool,
) -> String {
    // Before the name: from the nearest preceding role noun.
    if let Some(r) = (0..k)
        .rev()
        .take(6)
        .find(|&j| role_noun(&lower(chars, ws[j])).is_some())
    {
        let base = role_noun(&lower(chars, ws[r])).unwrap_or("");
        let rest: String = chars[ws[r].1..ws[k].0].iter().collect();
        let rest = rest.trim().trim_end_matches(',').trim();
        let head = if genitive {
            base.to_string()
        } else {
            chars[ws[r].0..ws[r].1].iter().collect()
        };
        return if rest.is_empty() {
            head
        } else {
            format!("{head} {rest}")
        };
    }
    // After the name: `, депутат маслихата`.
    if k + 2 < ws.len() {
        let after = ws[k + 1].1;
        if chars[after..e].first() == Some(&',') {
            if let Some(r) = ws[k + 2..]
                .iter()
                .position(|&w| role_noun(&lower(chars, w)).is_some())
            {
                let from = ws[k + 2 + r].0;
                let to = (from..e).find(|&i| chars[i] == ',').unwrap_or(e);
                return chars[from..to]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string();
            }
        }
    }
    String::new()
}

/// Every named person mentioned in the article, with where (for pronouns and references).
fn mentions(chars: &[char]) -> Vec<Person> {
    let mut out = Vec::new();
    for (ps, pe) in paragraphs(chars) {
        let mut s = ps;
        while s < pe {
            let e = super::spans::sentence_end(chars, s).min(pe);
            let lowered: String = chars[s..e].iter().collect::<String>().to_lowercase();
            let genitive = lowered.contains("по словам") || lowered.contains("по мнению");
            if let Said::Named(p) = parse(chars, (s, e), genitive) {
                out.push(p);
            }
            s = e + 1;
        }
    }
    out
}

/// Gives every candidate its speaker.
pub fn attribute(chars: &[char], found: Vec<Candidate>) -> Vec<Quote> {
    let mentioned = mentions(chars);
    let mut people: Vec<Person> = Vec::new();
    let mut out: Vec<Quote> = Vec::new();
    let paras = paragraphs(chars);
    let para_of = |i: usize| paras.iter().find(|p| p.0 <= i && i <= p.1).copied();
    for c in found {
        // People known before this quote: named speakers so far, and mentions before it.
        let known = |people: &[Person]| -> Vec<Person> {
            let mut k: Vec<Person> = mentioned
                .iter()
                .filter(|m| m.pos < c.start)
                .cloned()
                .chain(people.iter().cloned())
                .collect();
            k.sort_by_key(|p| p.pos);
            k
        };
        let said = match c.attribution {
            Some(range) => parse(chars, range, c.genitive),
            None if c.bare_turn => Said::Nobody,
            None => attribution_around(chars, &c, para_of(c.start)),
        };
        let ks = known(&people);
        let person: Option<Person> = match said {
            Said::Named(p) => Some(merge_role(p, &ks)),
            Said::Surname(last, female) => ks
                .iter()
                .rev()
                .find(|p| p.name.ends_with(&last))
                .cloned()
                .or(Some(Person {
                    name: last,
                    role: String::new(),
                    female,
                    pos: c.start,
                })),
            Said::Pronoun(female) => ks.iter().rev().find(|p| p.female == female).cloned(),
            Said::Role(base, phrase) => ks
                .iter()
                .rev()
                .find(|p| p.role.to_lowercase().contains(&base))
                .cloned()
                .or(Some(Person {
                    name: phrase.clone(),
                    role: phrase,
                    female: false,
                    pos: c.start,
                })),
            Said::Nobody if c.bare_turn => {
                let question = chars[c.start..c.end]
                    .iter()
                    .rev()
                    .find(|c| !c.is_whitespace())
                    == Some(&'?');
                let journalist = |p: &Person| {
                    let r = p.role.to_lowercase();
                    r.contains("журналист") || r.contains("корреспондент") || r.contains("ведущ")
                };
                ks.iter().rev().find(|p| journalist(p) == question).cloned()
            }
            Said::Nobody => out
                .last()
                .filter(|q| q.kind == c.kind)
                .and_then(|q| ks.iter().rev().find(|p| p.name == q.speaker).cloned())
                .or_else(|| ks.last().cloned()),
        };
        let (speaker, role) = match &person {
            Some(p) => (p.name.clone(), p.role.clone()),
            None => (String::new(), String::new()),
        };
        if let Some(mut p) = person {
            p.pos = c.start;
            people.retain(|q| q.name != p.name);
            people.push(p);
        }
        out.push(Quote {
            quote: chars[c.start..c.end].iter().collect(),
            speaker,
            speaker_role: role,
            kind: c.kind,
            start: c.start,
            end: c.end,
        });
    }
    out
}

/// A person named again keeps the role given the first time when none is given now.
fn merge_role(mut p: Person, known: &[Person]) -> Person {
    if let Some(k) = known.iter().rev().find(|k| k.name == p.name) {
        if p.role.is_empty() {
            p.role = k.role.clone();
        }
    }
    p
}

/// The attribution of a quote in quotation marks: after it (`», — заявил он.`) or before it in
/// its sentence (`Как отметил X, «` / `X считает: «`).
fn attribution_around(chars: &[char], c: &Candidate, para: Option<(usize, usize)>) -> Said {
    let (ps, pe) = para.unwrap_or((0, chars.len()));
    // After: skip the closing mark and punctuation, then a dash.
    let mut i = c.end + 1;
    while i < chars.len()
        && matches!(
            chars[i],
            ',' | '.' | '!' | '?' | '…' | ' ' | '»' | '"' | '”'
        )
    {
        i += 1;
    }
    if i < chars.len() && matches!(chars[i], '—' | '–' | '-') {
        let e = super::spans::sentence_end(chars, i);
        let said = parse(chars, (i + 1, e), false);
        if said != Said::Nobody {
            return said;
        }
    }
    // Before, in the same sentence (the opening mark is at c.start - 1).
    let open = c.start.saturating_sub(1);
    if open > ps && open <= pe {
        let s = sentence_start(chars, ps, open);
        if s < open {
            let phrase = (s, open);
            let lowered: String = chars[s..open].iter().collect::<String>().to_lowercase();
            let genitive = lowered.contains("по словам") || lowered.contains("по мнению");
            let said = parse(chars, phrase, genitive);
            if said != Said::Nobody {
                return said;
            }
        }
    }
    Said::Nobody
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(text: &str) -> Vec<(String, String, String)> {
        crate::quotes::extract(text)
            .into_iter()
            .map(|q| (q.quote, q.speaker, q.speaker_role))
            .collect()
    }

    #[test]
    fn names_go_to_the_nominative() {
        assert_eq!(
            surname_nominative("Сейтказиевой", true),
            ("Сейтказиева".into(), true)
        );
        assert_eq!(
            surname_nominative("Ахметова", true),
            ("Ахметов".into(), false)
        );
        assert_eq!(
            surname_nominative("Ахметова", false),
            ("Ахметова".into(), true)
        );
        assert_eq!(first_name_nominative("Армана", true, false), "Арман");
        assert_eq!(first_name_nominative("Анны", true, true), "Анна");
        assert_eq!(first_name_nominative("Айгерим", true, true), "Айгерим");
    }

    #[test]
    fn attribution_after_and_pronouns() {
        let text = "На заседании выступил депутат Мажилиса Арман Ахметов.\n\n\
                    «Реформа нужна стране», — заявил он.\n\n\
                    «Мы поддержим законопроект», — подчеркнула Айгерим Сейтказиева, депутат маслихата.";
        let q = who(text);
        assert_eq!(q[0].0, "Реформа нужна стране");
        assert_eq!(q[0].1, "Арман Ахметов");
        assert_eq!(q[0].2, "депутат Мажилиса");
        assert_eq!(q[1].1, "Айгерим Сейтказиева");
        assert_eq!(q[1].2, "депутат маслихата");
    }

    #[test]
    fn reported_speech_and_genitive_names() {
        let q = crate::quotes::extract(
            "По словам политолога Армана Ахметова, реформа укрепит партии. Он считает, что списки \
             дисциплинируют.",
        );
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].quote, "реформа укрепит партии");
        assert_eq!(q[0].speaker, "Арман Ахметов");
        assert_eq!(q[0].speaker_role, "политолог");
        assert_eq!(q[0].kind, Kind::Reported);
        assert_eq!(q[1].quote, "списки дисциплинируют");
        assert_eq!(q[1].speaker, "Арман Ахметов");
    }

    #[test]
    fn names_in_quotation_marks_are_not_quotes() {
        let q = crate::quotes::extract(
            "Партия «Amanat» и движение «Справедливый Казахстан» провели форум «Закон и Порядок» \
             в рамках программы «Цифровой Казахстан».",
        );
        assert!(q.is_empty(), "{q:?}");
    }

    #[test]
    fn dash_speech_with_continuation() {
        let q = crate::quotes::extract(
            "Министр цифрового развития Ерлан Садыков ответил журналистам.\n\
             — Мы готовы к запуску, — сказал министр. — Сервис заработает в марте.",
        );
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].quote, "Мы готовы к запуску");
        assert_eq!(q[1].quote, "Сервис заработает в марте.");
        assert!(q.iter().all(|x| x.speaker == "Ерлан Садыков"), "{q:?}");
    }
}
