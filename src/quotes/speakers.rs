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
    /// A role without a name (эксперт, министр): the base noun, and the gender the verb gives.
    Role(String, Option<bool>),
    /// A first name with a patronymic (Бауыржан Ерланович).
    FirstName(String),
    /// An organisation (пресс-служба Мажилиса).
    Org(String),
    Nobody,
}

/// Endings of surnames in the nominative (Ахметов, Сейтказиева, Петренко, Нурлыбекұлы).
const SURNAME_ENDS: [&str; 26] = [
    "ов",
    "ев",
    "ёв",
    "ин",
    "ын",
    "ова",
    "ева",
    "ина",
    "ына",
    "ский",
    "ская",
    "цкий",
    "цкая",
    "енко",
    "ко",
    "ук",
    "юк",
    "ян",
    "дзе",
    "швили",
    "ұлы",
    "улы",
    "қызы",
    "кызы",
    "баев",
    "бай",
];
/// Case endings a surname may carry in running text (Ахметова, Ахметову, Ахметовым, Ахметовой).
const CASE_ENDS: [&str; 8] = ["ого", "ому", "ым", "ой", "ом", "а", "у", "е"];
const PATRONYMIC_ENDS: [&str; 7] = ["ович", "евич", "ьич", "овна", "евна", "ична", "инична"];

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
    let fem_nom = ["ова", "ева", "ина", "ына", "ая", "қызы", "кызы"]
        .iter()
        .any(|e| w.ends_with(e));
    if genitive && fem_nom && !w.ends_with("ая") && !w.ends_with("ызы") {
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
    if l.chars().count() < 4 || is_patronymic(&l) {
        return false;
    }
    SURNAME_ENDS.iter().any(|e| l.ends_with(e))
        || CASE_ENDS.iter().any(|c| {
            l.strip_suffix(c)
                .is_some_and(|b| SURNAME_ENDS.iter().any(|e| b.ends_with(e)))
        })
}

fn is_patronymic(l: &str) -> bool {
    PATRONYMIC_ENDS.iter().any(|e| {
        l.ends_with(e)
            || CASE_ENDS
                .iter()
                .any(|c| l.strip_suffix(c).is_some_and(|b| b.ends_with(e)))
    })
}

/// A name found in a phrase.
#[derive(Debug, Clone, PartialEq)]
enum Found {
    Person(Person),
    /// A first name and patronymic (Бауыржан Ерланович): the first name, to match.
    FirstName(String),
}

/// Every name in `chars[s..e]`: two capitalised words, one of them a surname (or a first name
/// and surname right after a lowercase role word: вице-министр Руслан Ким).
fn names(chars: &[char], (s, e): (usize, usize), genitive: bool) -> Vec<Found> {
    let ws = words(chars, s, e);
    let mut out = Vec::new();
    let mut k = 0;
    while k + 1 < ws.len() {
        let (a, b) = (ws[k], ws[k + 1]);
        let adjacent = chars[a.1..b.0].iter().all(|c| *c == ' ' || *c == '.');
        let caps = |w: (usize, usize)| is_capitalized(chars, w) && !is_acronym(chars, w);
        if !(adjacent && caps(a) && caps(b)) {
            k += 1;
            continue;
        }
        let text = |w: (usize, usize)| chars[w.0..w.1].iter().collect::<String>();
        let (wa, wb) = (text(a), text(b));
        if is_patronymic(&wb.to_lowercase()) {
            out.push(Found::FirstName(first_name_nominative(
                &wa, genitive, false,
            )));
            k += 2;
            continue;
        }
        // Prefer the later pair when the second word is itself followed by a surname
        // (Батыс-2 Галина Петренко).
        if let Some(&c) = ws.get(k + 2) {
            let adj2 = chars[b.1..c.0].iter().all(|x| *x == ' ');
            if adj2 && caps(c) && looks_like_surname(&text(c)) {
                k += 1;
                continue;
            }
        }
        // A role word shortly before (депутат Мажилиса Арман Ахметов, руководитель крыла
        // партии «Amanat» Айгерим Сейткали) makes a capitalised pair a name.
        let after_role =
            (k.saturating_sub(6)..k).any(|j| role_noun(&lower(chars, ws[j])).is_some());
        let (first, last) = if looks_like_surname(&wb) || (after_role && !looks_like_surname(&wa)) {
            (wa, wb)
        } else if looks_like_surname(&wa) {
            (wb, wa)
        } else {
            k += 1;
            continue;
        };
        // A name after a role word in an oblique case is in that case too (члена ЦИК Бауыржана
        // Оспанова).
        let oblique = (k.saturating_sub(5)..k)
            .rev()
            .find_map(|j| role_noun(&lower(chars, ws[j])).map(|base| base != lower(chars, ws[j])))
            .unwrap_or(false);
        let genitive = genitive || oblique;
        let (last, female) = surname_nominative(&last, genitive);
        // A surname that does not show gender (Сейткали, Ким): the verb of the phrase may.
        let marked = [
            "ов", "ев", "ин", "ын", "ий", "ой", "ая", "ова", "ева", "ина", "ына",
        ]
        .iter()
        .any(|e| last.ends_with(e));
        let female = if marked {
            female
        } else {
            verb_gender(chars, (s, e)).unwrap_or(female)
        };
        let first = if first.chars().count() == 1 {
            format!("{first}.")
        } else {
            first_name_nominative(&first, genitive, female)
        };
        let role = role_phrase(chars, &ws, k, e, genitive || oblique);
        out.push(Found::Person(Person {
            name: format!("{first} {last}"),
            role,
            female,
            pos: a.0,
        }));
        k += 2;
    }
    out
}

/// The gender a past-tense speech verb in the phrase gives its subject (заявила → feminine).
fn verb_gender(chars: &[char], (s, e): (usize, usize)) -> Option<bool> {
    for w in words(chars, s, e) {
        let l = lower(chars, w);
        if super::lexicon::is_speech_verb(&l) {
            if l.ends_with("ла") || l.ends_with("лась") || l.ends_with("на") {
                return Some(true);
            }
            if l.ends_with('л') || l.ends_with("лся") || l.ends_with('н') {
                return Some(false);
            }
        }
    }
    None
}

/// Reads the speaker out of an attribution phrase `chars[s..e]`.
fn parse(chars: &[char], (s, e): (usize, usize), genitive: bool) -> Said {
    let ws = words(chars, s, e);
    let gender = verb_gender(chars, (s, e));
    // An organisation: в пресс-службе X сообщили.
    if let Some(k) = ws
        .iter()
        .position(|&w| lower(chars, w).starts_with("пресс-служб"))
    {
        let tail: Vec<String> = ws[k + 1..]
            .iter()
            .map(|&w| chars[w.0..w.1].iter().collect::<String>())
            .take_while(|w| !super::lexicon::is_speech_verb(&w.to_lowercase()))
            .take(3)
            .collect();
        let name = if tail.is_empty() {
            "пресс-служба".to_string()
        } else {
            format!("пресс-служба {}", tail.join(" "))
        };
        return Said::Org(name);
    }
    let found = names(chars, (s, e), genitive);
    // A pronoun names nobody new unless a name follows it in the phrase.
    for &w in &ws {
        if let Some(f) = pronoun(&lower(chars, w)) {
            if found.is_empty() {
                return Said::Pronoun(f);
            }
        }
    }
    match found.into_iter().next() {
        Some(Found::Person(p)) => return Said::Named(p),
        Some(Found::FirstName(f)) => return Said::FirstName(f),
        None => {}
    }
    // A lone surname (Жаксылыков напомнил, По мнению Воронцова).
    for &w in &ws {
        let wa: String = chars[w.0..w.1].iter().collect();
        if is_capitalized(chars, w) && !is_acronym(chars, w) && looks_like_surname(&wa) {
            let (last, female) = surname_nominative(&wa, genitive);
            return Said::Surname(last, gender.unwrap_or(female));
        }
    }
    for &w in &ws {
        if let Some(base) = role_noun(&lower(chars, w)) {
            return Said::Role(base.to_string(), gender);
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
            let found = names(chars, (s, e), genitive);
            let before = out.len();
            for f in found {
                if let Found::Person(p) = f {
                    out.push(p);
                }
            }
            // A person named earlier and mentioned again by surname alone (Ахметова ответила).
            if out.len() == before {
                for w in words(chars, s, e) {
                    let text: String = chars[w.0..w.1].iter().collect();
                    if !is_capitalized(chars, w) || !looks_like_surname(&text) {
                        continue;
                    }
                    let (last, _) = surname_nominative(&text, genitive);
                    if let Some(p) = out[..before]
                        .iter()
                        .rev()
                        .find(|p| p.name.ends_with(&format!(" {last}")))
                    {
                        let mut p = p.clone();
                        p.pos = w.0;
                        out.push(p);
                    }
                }
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
            Said::Role(base, gender) => {
                let fits = |p: &&Person| gender.is_none_or(|g| p.female == g);
                ks.iter()
                    .rev()
                    .filter(fits)
                    .find(|p| p.role.to_lowercase().contains(&base))
                    .or_else(|| ks.iter().rev().find(fits))
                    .cloned()
                    .or(Some(Person {
                        name: base.clone(),
                        role: base,
                        female: false,
                        pos: c.start,
                    }))
            }
            Said::FirstName(first) => ks
                .iter()
                .rev()
                .find(|p| p.name.starts_with(&format!("{first} ")))
                .cloned(),
            Said::Org(name) => Some(Person {
                name,
                role: String::new(),
                female: false,
                pos: c.start,
            }),
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
        if let Some(mut p) = person.filter(|p| !p.name.starts_with("пресс-служба")) {
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
        assert_eq!(q[1].quote, "Сервис заработает в марте");
        assert!(q.iter().all(|x| x.speaker == "Ерлан Садыков"), "{q:?}");
    }
}
