//! One test per quote pattern, attribution pattern, speaker rule and
//! regression, on short original texts. Sentences are given explicitly so the
//! tests do not depend on the segmenter.

use standpoint_attribute::{Attribute, Attribution, Attributor, InQuote, Via};
use standpoint_segment::Sentence;

/// Builds an article from paragraphs of sentences and attributes it.
fn run(paragraphs: &[&[&str]]) -> Vec<Attribution> {
    let mut text = String::new();
    let mut sentences = Vec::new();
    for (p, para) in paragraphs.iter().enumerate() {
        if p > 0 {
            text.push_str("\n\n");
        }
        for (i, s) in para.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(s);
            sentences.push(Sentence {
                start,
                end: text.len(),
                paragraph: p,
            });
        }
    }
    Attributor::new().attribute(&text, &sentences)
}

fn speakers(a: &[Attribution]) -> Vec<Option<&str>> {
    a.iter().map(|x| x.speaker.as_deref()).collect()
}

fn kinds(a: &[Attribution]) -> Vec<&'static str> {
    a.iter().map(|x| x.kind.as_str()).collect()
}

fn vias(a: &[Attribution]) -> Vec<Option<Via>> {
    a.iter().map(|x| x.via).collect()
}

fn quotes(a: &[Attribution]) -> Vec<InQuote> {
    a.iter().map(|x| x.in_quote).collect()
}

use InQuote::{Full, None as NoQuote, Partial};
use Via::{Continuation, Direct, Indirect, Pronoun};

// ---- quote spans -----------------------------------------------------------

#[test]
fn straight_double_quotes() {
    let a = run(&[&["\"The council must act now,\" Ana Duval said."]]);
    assert_eq!(speakers(&a), [Some("Ana Duval")]);
    assert_eq!(quotes(&a), [Full]);
}

#[test]
fn curly_double_quotes() {
    let a = run(&[&["“The council must act now,” Ana Duval said."]]);
    assert_eq!(
        (a[0].speaker.as_deref(), a[0].via),
        (Some("Ana Duval"), Some(Direct))
    );
}

#[test]
fn guillemets_with_and_without_inner_spaces() {
    let a = run(&[&[
        "«Sanctions are not a strategy,» said Marc Lenoir.",
        "Marc Lenoir called the draft « a step backwards ».",
    ]]);
    assert_eq!(speakers(&a), [Some("Marc Lenoir"), Some("Marc Lenoir")]);
    assert_eq!(quotes(&a), [Full, Partial]);
}

#[test]
fn single_quotes_nested_in_double_quotes() {
    let a = run(&[&[
        "“When they say ‘restraint,’ they mean silence,” said Tomas Brandt.",
        "“Nobody believes that any more.”",
    ]]);
    assert_eq!(speakers(&a), [Some("Tomas Brandt"), Some("Tomas Brandt")]);
    assert_eq!(vias(&a), [Some(Direct), Some(Continuation)]);
    assert_eq!(quotes(&a), [Full, Full]);
}

#[test]
fn british_single_quotes_at_top_level() {
    let a = run(&[&["'We will not be intimidated,' the envoy Rosa Kamau said."]]);
    assert_eq!(speakers(&a), [Some("Rosa Kamau")]);
    assert_eq!(quotes(&a), [Full]);
}

#[test]
fn multi_sentence_quote_attributed_at_its_end() {
    let a = run(&[&[
        "“The vote was a mistake.",
        "It will not stop the tests,” said Lena Fischer.",
    ]]);
    assert_eq!(speakers(&a), [Some("Lena Fischer"), Some("Lena Fischer")]);
    assert_eq!(vias(&a), [Some(Continuation), Some(Direct)]);
}

#[test]
fn quote_continues_into_next_paragraph_that_reopens_it() {
    let a = run(&[
        &[
            "Ambassador Rui Okoro said: “We have waited long enough.",
            "Patience has limits.",
        ],
        &["“The next step is a vote.”"],
        &["The session ended at noon."],
    ]);
    assert_eq!(
        speakers(&a),
        [
            Some("Rui Okoro"),
            Some("Rui Okoro"),
            Some("Rui Okoro"),
            None
        ]
    );
    assert_eq!(
        vias(&a),
        [Some(Direct), Some(Continuation), Some(Continuation), None]
    );
    assert_eq!(quotes(&a), [Full, Full, Full, NoQuote]);
}

#[test]
fn partial_quote_inside_reported_speech() {
    let a = run(&[&[
        "Foreign Minister Ida Berg dubbed the launch “a clear and sharp military escalation” and urged talks.",
    ]]);
    assert_eq!(
        (a[0].speaker.as_deref(), a[0].via),
        (Some("Ida Berg"), Some(Direct))
    );
    assert_eq!(a[0].in_quote, Partial);
}

#[test]
fn unbalanced_quote_recovers_at_paragraph_end() {
    let a = run(&[
        &["Envoy Pia Lund said the plan was “dead on arrival and walked out."],
        &[
            "The council adjourned.",
            "“It was a long day,” said Omar Haddad.",
        ],
    ]);
    assert_eq!(quotes(&a), [Partial, NoQuote, Full]);
    assert_eq!(speakers(&a), [Some("Pia Lund"), None, Some("Omar Haddad")]);
}

// ---- attribution patterns --------------------------------------------------

#[test]
fn quote_comma_x_said() {
    let a = run(&[&["“We are ready to talk,” Farid Nasser said."]]);
    assert_eq!(
        (a[0].speaker.as_deref(), a[0].via),
        (Some("Farid Nasser"), Some(Direct))
    );
}

#[test]
fn quote_comma_said_x_with_relative_clause() {
    let a = run(&[&["“The embargo is overdue,” said Hanna Wiik, who chairs the committee."]]);
    assert_eq!(speakers(&a), [Some("Hanna Wiik")]);
}

#[test]
fn x_said_colon_quote() {
    let a = run(&[&["Deputy envoy Karl Stein said: “This resolution is unbalanced.”"]]);
    assert_eq!(
        (a[0].speaker.as_deref(), a[0].in_quote),
        (Some("Karl Stein"), Full)
    );
}

#[test]
fn x_said_that_indirect_speech() {
    let a = run(&[&["Karl Stein said that the resolution was unbalanced."]]);
    assert_eq!(
        (a[0].speaker.as_deref(), a[0].via),
        (Some("Karl Stein"), Some(Indirect))
    );
    assert_eq!(a[0].in_quote, NoQuote);
}

#[test]
fn according_to_x() {
    let a = run(&[&[
        "The test missile flew 800 kilometres, according to the Ostrian Defense Ministry.",
        "Exports fell by a third, according to figures released by the Central Bank of Ostria.",
        "The talks stalled, according to two diplomats briefed on them.",
    ]]);
    assert_eq!(
        speakers(&a),
        [
            Some("Ostrian Defense Ministry"),
            Some("Central Bank of Ostria"),
            Some("two diplomats")
        ]
    );
    assert_eq!(vias(&a)[0], Some(Indirect));
    assert_eq!(kinds(&a), ["organisation", "organisation", "unnamed"]);
}

#[test]
fn appositive_before_told() {
    let a = run(&[&[
        "Igor Malenko, Ostria's deputy envoy to the United Nations, told the Security Council that the sanctions had failed.",
    ]]);
    assert_eq!(speakers(&a), [Some("Igor Malenko")]);
}

#[test]
fn appositive_name_after_role() {
    let a = run(&[&["Ostria's foreign minister, Vera Sokol, warned against new sanctions."]]);
    assert_eq!(speakers(&a), [Some("Vera Sokol")]);
}

#[test]
fn x_reminded_him_that() {
    let a = run(&[&[
        "A reporter pressed Ms. Adeyemi on the vote.",
        "She reminded him that the council “has acted before.”",
    ]]);
    assert_eq!(speakers(&a), [Some("a reporter"), Some("Adeyemi")]);
    assert_eq!(vias(&a)[1], Some(Pronoun));
}

#[test]
fn x_noting_that_demanded() {
    let a = run(&[&[
        "Ms. Grace Adeyemi, noting that three resolutions had been ignored, demanded a vote.",
    ]]);
    assert_eq!(speakers(&a), [Some("Grace Adeyemi")]);
}

#[test]
fn speech_verbs_come_from_the_data_list() {
    for verb in [
        "warned",
        "reiterated",
        "insisted",
        "stressed",
        "argued",
        "noted",
        "declared",
        "replied",
        "added",
        "urged",
        "rejected",
        "accused",
    ] {
        let sentence = format!("Lena Fischer {verb} that the talks should continue.");
        let a = run(&[&[sentence.as_str()]]);
        assert_eq!(a[0].speaker.as_deref(), Some("Lena Fischer"), "verb {verb}");
    }
    let a = run(&[&["Lena Fischer planted a tree in the garden."]]);
    assert_eq!(a[0].speaker, None, "not a speech verb");
}

#[test]
fn inverted_said_with_role_and_name() {
    let a = run(&[&["“We will not back down,” said Kremlin spokesman Oleg Varin."]]);
    assert_eq!(speakers(&a), [Some("Oleg Varin")]);
}

#[test]
fn statement_from_an_organization() {
    let a = run(&[&[
        "“The launch violates three resolutions,” said a statement from the Foreign Ministry.",
    ]]);
    assert_eq!(speakers(&a), [Some("Foreign Ministry")]);
}

// ---- speakers ----------------------------------------------------------------

#[test]
fn titles_are_stripped_from_names() {
    let a = run(&[&[
        "U.S. Ambassador to the U.N. Nora Hale said the council must act.",
        "U.N. Secretary-General Paulo Mendes urged restraint.",
        "Sen. Dale Whitaker of Ohio, a Republican, said talks were pointless.",
    ]]);
    assert_eq!(
        speakers(&a),
        [
            Some("Nora Hale"),
            Some("Paulo Mendes"),
            Some("Dale Whitaker")
        ]
    );
}

#[test]
fn canonical_name_within_article() {
    let a = run(&[&[
        "U.S. Ambassador to the U.N. Nora Hale said the council must act.",
        "“Enough is enough,” Hale said.",
        "Ambassador Hale rejected the proposal.",
        "Ms. Hale later told reporters that a vote was near.",
    ]]);
    assert!(
        speakers(&a).iter().all(|s| *s == Some("Nora Hale")),
        "{a:?}"
    );
}

#[test]
fn collective_speakers_countries_governments_ministries() {
    let a = run(&[&[
        "Ostria accused its neighbour of provocation.",
        "The White House said it was consulting allies.",
        "Ostria's Foreign Ministry rejected the claim.",
        "The government of Belavia urged calm.",
        "The Kremlin said the talks were useful.",
    ]]);
    assert_eq!(
        speakers(&a),
        [
            Some("Ostria"),
            Some("White House"),
            Some("Ostria's Foreign Ministry"),
            Some("government of Belavia"),
            Some("Kremlin")
        ]
    );
}

#[test]
fn acronym_and_full_name_are_one_collective() {
    let a = run(&[&[
        "The European Union urged both sides to talk.",
        "The E.U. also said it would fund monitors.",
    ]]);
    assert_eq!(
        speakers(&a),
        [Some("European Union"), Some("European Union")]
    );
}

#[test]
fn definite_description_resolves_to_named_body() {
    let a = run(&[&[
        "Ostria's Defense Ministry said its ships would stay.",
        "“We will not leave,” the ministry said in a statement.",
        "The statement added that patrols would double.",
    ]]);
    assert!(
        speakers(&a)
            .iter()
            .all(|s| *s == Some("Ostria's Defense Ministry")),
        "{a:?}"
    );
}

#[test]
fn its_foreign_ministry_composes_with_antecedent() {
    let a = run(&[&[
        "Belavia rejected the report.",
        "Its foreign ministry said the figures were invented.",
    ]]);
    assert_eq!(
        speakers(&a),
        [Some("Belavia"), Some("Belavia's foreign ministry")]
    );
}

// ---- pronouns and continuations -------------------------------------------

#[test]
fn pronoun_gender_from_title() {
    let a = run(&[&[
        "Mr. Ivo Petrov met Ms. Lara Quist in Geneva.",
        "She said the meeting was useful.",
        "He said it was a waste of time.",
    ]]);
    assert_eq!(speakers(&a), [None, Some("Lara Quist"), Some("Ivo Petrov")]);
    assert_eq!(vias(&a), [None, Some(Pronoun), Some(Pronoun)]);
}

#[test]
fn pronoun_gender_from_first_name_and_mentioned_people() {
    let a = run(&[&[
        "Margaret Olsen, the port director, met Thomas Varga on Monday.",
        "She said the new cranes would arrive in spring.",
        "He said the union had not been consulted.",
    ]]);
    // Neither was a speaker before: both are mentions, told apart by the
    // gender of their first names.
    assert_eq!(
        speakers(&a),
        [None, Some("Margaret Olsen"), Some("Thomas Varga")]
    );
}

#[test]
fn a_pronoun_never_changes_a_first_name_gender() {
    let a = run(&[&[
        "Robert Lindqvist said the strike would end soon.",
        "She said nothing of the sort.",
    ]]);
    assert_eq!(speakers(&a)[1], None);
}

#[test]
fn dash_signature_attributes_the_quote() {
    let a = run(&[&["“We will rebuild the pier, plank by plank.” — Hanna Berglund"]]);
    assert_eq!(speakers(&a), [Some("Hanna Berglund")]);
    assert_eq!(kinds(&a), ["person"]);
}

#[test]
fn capitalised_verb_forms_inside_names_open_no_frame() {
    let a = run(&[&["Grants from the United States helped the museum grow."]]);
    assert_eq!(speakers(&a), [None]);
}

#[test]
fn innermost_source_wins_over_according_to() {
    let a = run(&[&[
        "According to the Harbour Gazette, council member Tove Lind said the budget was too small.",
    ]]);
    assert_eq!(speakers(&a), [Some("Tove Lind")]);
}

#[test]
fn appositive_with_role_chunk() {
    let a = run(&[&[
        "Karim Osei, editor at the Coastal Herald, said the paper would close.",
        "Lena Brandt, Harbour coach, said the team was tired.",
    ]]);
    assert_eq!(speakers(&a), [Some("Karim Osei"), Some("Lena Brandt")]);
}

#[test]
fn pronoun_gender_from_earlier_pronoun() {
    let a = run(&[
        &[
            "Dr. Sulo Orue, an economist, said exports had collapsed.",
            "She said banks were to blame.",
        ],
        &[
            "Dr. Kim Lato, a historian, disagreed with the view.",
            "“The banks are a symptom,” she said.",
        ],
    ]);
    // `she` fixed Orue's gender; Lato is the nearer compatible person.
    assert_eq!(a[1].speaker.as_deref(), Some("Sulo Orue"));
    assert_eq!(a[3].speaker.as_deref(), Some("Kim Lato"));
}

#[test]
fn pronoun_skips_incompatible_gender() {
    let a = run(&[&[
        "Ms. Lara Quist said the vote would go ahead.",
        "Mr. Ivo Petrov arrived late.",
        "She said the delay changed nothing.",
    ]]);
    assert_eq!(a[2].speaker.as_deref(), Some("Lara Quist"));
}

#[test]
fn they_resolves_to_named_group_and_to_anonymous_group() {
    let a = run(&[&[
        "In a joint letter, Chile, Peru and Bolivia appealed for calm.",
        "“Dialogue is the only path,” they said.",
        "Two officials said the text was ready.",
        "They said a vote could come on Friday.",
    ]]);
    assert_eq!(
        speakers(&a),
        [
            Some("Chile, Peru and Bolivia"),
            Some("Chile, Peru and Bolivia"),
            Some("two officials"),
            Some("two officials")
        ]
    );
    assert_eq!(vias(&a)[3], Some(Pronoun));
}

#[test]
fn pronoun_without_antecedent_stays_empty() {
    let a = run(&[&["He said the talks would resume."]]);
    assert_eq!((a[0].speaker.as_deref(), a[0].via), (None, None));
}

#[test]
fn a_lone_name_that_is_a_first_name_is_the_person_a_pronoun_means() {
    // With no person in reach, `Kelsey` (read as a body) is the `she` who
    // speaks next, and becomes a person; a pronoun of the other gender, or
    // a body whose name is no first name, stays empty.
    let a = run(&[
        &["Kelsey said the subsidy keeps the ferries running."],
        &["“Without it, the first boat leaves at ten,” she said."],
        &["He said the board would vote in March."],
    ]);
    assert_eq!(speakers(&a), [Some("Kelsey"), Some("Kelsey"), None]);
    assert_eq!(kinds(&a)[..2], ["person", "person"]);
    assert_eq!(vias(&a)[1], Some(Pronoun));
    let a = run(&[
        &["Moscow said the subsidy keeps the ferries running."],
        &["“Without it, the first boat leaves at ten,” she said."],
    ]);
    assert_eq!(speakers(&a), [Some("Moscow"), None]);
}

#[test]
fn continuation_inherits_previous_quotation_in_paragraph() {
    let a = run(&[&[
        "“The plan is fair,” Omar Haddad said.",
        "“Nobody will get everything.”",
    ]]);
    assert_eq!(speakers(&a), [Some("Omar Haddad"), Some("Omar Haddad")]);
    assert_eq!(vias(&a), [Some(Direct), Some(Continuation)]);
}

#[test]
fn bare_quote_paragraph_continues_previous_speaker() {
    let a = run(&[
        &["“We came to listen,” said Vera Sokol."],
        &["“We heard very little.”"],
    ]);
    assert_eq!(speakers(&a), [Some("Vera Sokol"), Some("Vera Sokol")]);
}

// ---- nominal sources and weak evidence --------------------------------------

#[test]
fn documents_and_unresolved_bodies_are_nominal() {
    let a = run(&[&[
        "The report says the harbour needs dredging.",
        "The company said it would appeal.",
        "The report's authors say the study took two years.",
        "They call for a new survey.",
    ]]);
    assert_eq!(
        speakers(&a),
        [
            Some("the report"),
            Some("the company"),
            Some("the report's authors"),
            Some("the report's authors")
        ]
    );
    assert_eq!(kinds(&a)[..2], ["nominal", "nominal"]);
    assert_eq!(kinds(&a)[2], "unnamed");
}

#[test]
fn anonymous_sources_are_written_as_in_the_text() {
    let a = run(&[&[
        "Diplomats said the text ran to 12 pages.",
        "A senior official, speaking on condition of anonymity, said a vote was likely.",
        "“The votes are there,” said one Western diplomat.",
        "Officials in Geneva and Vienna say the talks will resume.",
    ]]);
    assert_eq!(
        speakers(&a),
        [
            Some("diplomats"),
            Some("a senior official"),
            Some("one Western diplomat"),
            Some("officials")
        ]
    );
    assert_eq!(kinds(&a), ["unnamed"; 4]);
}

#[test]
fn narration_without_speech_stays_empty() {
    let a = run(&[&[
        "The council met for three hours on Monday.",
        "No vote was taken, and the draft was sent back to experts.",
    ]]);
    assert_eq!(speakers(&a), [None, None]);
}

#[test]
fn passive_asked_and_infinitive_say_are_not_frames() {
    let a = run(&[&[
        "Ms. Lara Quist was asked whether the plan would pass.",
        "Ivo Petrov declined to say whether he supported it.",
        "Asked about the vote, Ivo Petrov said it was close.",
    ]]);
    assert_eq!(speakers(&a), [None, None, Some("Ivo Petrov")]);
}

// ---- regressions -----------------------------------------------------------

#[test]
fn regression_quote_split_from_its_bare_frame() {
    // A segmenter split `“…?” Brennan asked.` after the question mark.
    let a = run(&[&[
        "Sen. Ray Holt said the strike was justified.",
        "\"What are we waiting for?\"",
        "Holt asked at a hearing.",
    ]]);
    assert_eq!(
        speakers(&a),
        [Some("Ray Holt"), Some("Ray Holt"), Some("Ray Holt")]
    );
    assert_eq!(vias(&a), [Some(Indirect), Some(Continuation), Some(Direct)]);
}

#[test]
fn regression_coordinated_verb_keeps_appositive_subject() {
    let a = run(&[&[
        "Ostria's envoy, Stefan Varga, called the meeting “a farce” and said the tests were lawful.",
        "He said: “We have violated nothing.”",
    ]]);
    assert_eq!(speakers(&a), [Some("Stefan Varga"), Some("Stefan Varga")]);
}

#[test]
fn regression_headline_title_case() {
    let a = run(&[
        &["White House Says All Options Remain Open"],
        &["Kestrel Balks at Ceasefire as E.U. Urges Restraint"],
        &["The European Union urged both sides to stop."],
    ]);
    assert_eq!(speakers(&a)[0], Some("White House"));
    assert_eq!(speakers(&a)[1], Some("European Union"));
}

#[test]
fn regression_role_description_before_name() {
    let a = run(&[&[
        "The talks ended with what the Swiss mediator described as “a small opening.”",
        "Dr. Ruth Amsel, who was appointed mediator in May, said both sides had engaged.",
    ]]);
    assert_eq!(speakers(&a), [Some("Ruth Amsel"), Some("Ruth Amsel")]);
}

#[test]
fn regression_prepositional_object_is_not_the_subject() {
    let a = run(&[&["Lawmakers in Ostria and Belavia said the vote was rigged."]]);
    assert_eq!(speakers(&a), [Some("lawmakers")]);
}

#[test]
fn regression_dateline_and_byline_are_not_speakers() {
    let a = run(&[
        &["By Mara Kell"],
        &["GENEVA (Wire) — Ostria said on Monday it would attend the talks."],
    ]);
    assert_eq!(speakers(&a), [None, Some("Ostria")]);
}

// ---- robustness ----------------------------------------------------------------

#[test]
fn invalid_or_empty_sentences_do_not_panic() {
    let text = "“Odd ‘quotes » everywhere\" ' “";
    let sentences = [
        Sentence {
            start: 0,
            end: text.len(),
            paragraph: 0,
        },
        Sentence {
            start: 1,
            end: 2,
            paragraph: 0,
        }, // not a char boundary
        Sentence {
            start: 5,
            end: 500,
            paragraph: 1,
        }, // out of range
        Sentence {
            start: 3,
            end: 3,
            paragraph: 2,
        },
    ];
    let a = Attributor::new().attribute(text, &sentences);
    assert_eq!(a.len(), sentences.len());
    assert!(Attributor::new().attribute("", &[]).is_empty());
}

// ---- issue 14, round 2 -------------------------------------------------------

#[test]
fn quotation_closed_in_next_paragraph_without_reopening_mark() {
    let a = run(&[
        &["After the game, coach Ilse Marten said, \"We learned a lot today."],
        &["It was a hard match.", "The squad kept its nerve.\""],
        &["The next game is on Sunday."],
    ]);
    assert_eq!(
        speakers(&a),
        [
            Some("Ilse Marten"),
            Some("Ilse Marten"),
            Some("Ilse Marten"),
            None
        ]
    );
    assert_eq!(vias(&a)[1..3], [Some(Continuation), Some(Continuation)]);
    assert_eq!(quotes(&a)[1..], [Full, Full, NoQuote]);
}

#[test]
fn quote_after_frame_sentence_with_unquoted_sentence_between() {
    let a = run(&[&[
        "Tomas Brandt, a third-year student, admitted he nearly missed the opening.",
        "Why did he come at all?",
        "\"It is the best show of the year.\"",
    ]]);
    assert_eq!(
        speakers(&a),
        [Some("Tomas Brandt"), None, Some("Tomas Brandt")]
    );
    assert_eq!(vias(&a)[2], Some(Continuation));
}

#[test]
fn unclosed_quotation_interrupted_by_caption_then_reopened() {
    let a = run(&[
        &["In a statement, Mayor Nadia Roe said, \"The harbour deserved the prize."],
        &["The harbour at dusk.", "Image: City archive."],
        &["\"We will keep pressing for it.\""],
    ]);
    assert_eq!(speakers(&a)[3], Some("Nadia Roe"));
    assert_eq!(speakers(&a)[1..3], [None, None]);
}

#[test]
fn issued_a_statement_is_a_frame_and_its_quote_follows() {
    let a = run(&[&[
        "Senator Rhea Collet, Democrat from Vermont, issued a statement about the closure.",
        "\"This decision ignores our workers.\"",
    ]]);
    assert_eq!(speakers(&a), [Some("Rhea Collet"), Some("Rhea Collet")]);
    assert_eq!(vias(&a), [Some(Indirect), Some(Continuation)]);
    // A light verb without a statement noun reports nothing.
    let a = run(&[&["Senator Rhea Collet issued new permits for the port."]]);
    assert_eq!(speakers(&a), [None]);
}

#[test]
fn hyphenated_name_particle_is_part_of_the_name() {
    let a = run(&[&[
        "Port director Samir al-Haddad, in remarks to local radio, said the berth was safe.",
    ]]);
    assert_eq!(speakers(&a), [Some("Samir al-Haddad")]);
}

#[test]
fn body_owned_by_a_possessor_is_not_a_person() {
    let a = run(&[&["Six people died, according to Nordmark's Coastal Rescue Agency."]]);
    assert_eq!(speakers(&a), [Some("Nordmark's Coastal Rescue Agency")]);
    assert_eq!(kinds(&a), ["organisation"]);
}

#[test]
fn name_line_signs_the_pull_quote_before_it() {
    let a = run(&[
        &["The agency chose three museums for the craft."],
        &[
            "This was a hard choice.",
            "It was made with the public in mind.",
            "Dana Whitfield, Agency Director",
        ],
        &["The museums open next year."],
    ]);
    assert_eq!(
        speakers(&a),
        [
            None,
            Some("Dana Whitfield"),
            Some("Dana Whitfield"),
            Some("Dana Whitfield"),
            None
        ]
    );
    assert_eq!(vias(&a)[1], Some(Continuation));
    assert_eq!(quotes(&a)[1], NoQuote);
}

#[test]
fn name_line_needs_a_paragraph_without_frames() {
    let a = run(&[&[
        "The mayor said the bridge would close.",
        "Dana Whitfield, Agency Director",
    ]]);
    assert_eq!(speakers(&a), [Some("the mayor"), None]);
}

#[test]
fn frame_ending_with_colon_opens_a_block_quote() {
    let a = run(&[
        &["In a statement, the Harbour Trust denied the claims:"],
        &[
            "Nobody was ever kept on board.",
            "Every crew member could leave at any port.",
        ],
        &[
            "The Trust later said it would review its rules.",
            "The review starts in May.",
        ],
    ]);
    assert_eq!(
        speakers(&a),
        [
            Some("Harbour Trust"),
            Some("Harbour Trust"),
            Some("Harbour Trust"),
            Some("Harbour Trust"),
            None
        ]
    );
    assert_eq!(vias(&a)[1..3], [Some(Continuation), Some(Continuation)]);
}

#[test]
fn person_after_opening_preposition_is_a_pronoun_antecedent() {
    let a = run(&[&[
        "For Marta Kovac, a teacher in the town, the fair was a highlight.",
        "She said, \"It brings everyone out.\"",
        "Kovac said she would return next year.",
    ]]);
    assert_eq!(
        speakers(&a),
        [None, Some("Marta Kovac"), Some("Marta Kovac")]
    );
    assert_eq!(vias(&a)[1], Some(Pronoun));
}

#[test]
fn the_sites_own_name_is_narration() {
    let a = run(&[&["Wikinews observed that the queue reached the street."]]);
    assert_eq!(speakers(&a), [None]);
}

#[test]
fn speech_verb_joined_to_an_action_or_infinitive_is_no_frame() {
    let a = run(&[&[
        "Police arrested and questioned the driver.",
        "Residents were asked to send photos and describe the damage.",
        "Dara Quist denied the report and said it was false.",
    ]]);
    assert_eq!(speakers(&a), [None, None, Some("Dara Quist")]);
}

#[test]
fn document_verbs_after_document_subjects() {
    let a = run(&[&[
        "The report states that the fund lost money.",
        "The Harbour Authority letter reads \"no further claims will be paid\".",
        "Several states met in May and she reads the minutes.",
    ]]);
    assert_eq!(kinds(&a), ["nominal", "organisation", ""]);
    assert_eq!(speakers(&a)[0], Some("the report"));
}

#[test]
fn clause_verbs_need_a_clause() {
    let a = run(&[&[
        "Striker Ola Brenn conceded a penalty in the first half.",
        "The family continued to refuse treatment.",
        "Ola Brenn conceded that the team had played badly.",
    ]]);
    assert_eq!(speakers(&a), [None, None, Some("Ola Brenn")]);
}

#[test]
fn naming_sense_of_called_and_in_the_words_of() {
    let a = run(&[&[
        "She left the inner circle called the Harbour Guild.",
        "The harm was, in the words of prosecutor Ivo Lentz, \"entirely avoidable\".",
    ]]);
    assert_eq!(speakers(&a), [None, Some("Ivo Lentz")]);
}

#[test]
fn headline_verbs_after_a_comma_share_the_subject_and_offers_are_no_frame() {
    let a = run(&[
        &["Norland Offers to Host Talks, Warns Against Delay"],
        &["Norland offered to host the talks in May."],
    ]);
    assert_eq!(speakers(&a), [Some("Norland"), None]);
}

#[test]
fn names_after_of_start_at_a_first_name() {
    let a = run(&[&[
        "In a statement, Governor of Vestland Karen Lund said the ferry would run.",
        "Piet Osman, Director of the Coastal Water Survey, and Chairman of the Harbour Board, said the water was clean.",
        "Rosa Imre for Coastal Freight Services, says the port is full.",
    ]]);
    assert_eq!(
        speakers(&a),
        [Some("Karen Lund"), Some("Piet Osman"), Some("Rosa Imre")]
    );
}

#[test]
fn initials_parenthetical_said_stray_comma_and_lowercase_possessor() {
    let a = run(&[&[
        "J.R. Tallis, chief financial officer at the Orchard Trust, said 40 schools applied.",
        "Schools that take part, said Tallis, must show the photographs.",
        "The software firm Kestrel.io, has said the flaw is serious.",
        "According to the island team's coach, Maren Holt, the robot scored twice.",
    ]]);
    assert_eq!(
        speakers(&a),
        [
            Some("J.R. Tallis"),
            Some("J.R. Tallis"),
            Some("Kestrel.io"),
            Some("Maren Holt")
        ]
    );
}

#[test]
fn positions_after_be_and_plural_agreement_of_bodies() {
    let a = run(&[&[
        "The Harbour Chapel, a small parish, is extremely critical of the plan.",
        "The dockers' union is demanding that the yard stay open.",
        "WHO say the outbreak is over.",
        "The weekly magazine Nordlys describe the ruling as historic.",
        "Estimates suggest the harbour lost money.",
        "The mayor is critical.",
    ]]);
    assert_eq!(
        speakers(&a),
        [
            Some("Harbour Chapel"),
            Some("the dockers' union"),
            Some("WHO"),
            Some("Nordlys"),
            None,
            None
        ]
    );
}

#[test]
fn pronoun_reaches_over_a_paragraph_of_bare_quotes() {
    let a = run(&[
        &["Harbour master Lena Dahl said the quota was fair."],
        &["\"We consulted everyone over two years.\""],
        &["\"The stocks are low,\" she said."],
        &["Fishermen protested on the quay."],
    ]);
    assert_eq!(
        speakers(&a),
        [
            Some("Lena Dahl"),
            Some("Lena Dahl"),
            Some("Lena Dahl"),
            None
        ]
    );
    assert_eq!(vias(&a)[2], Some(Pronoun));
}

#[test]
fn generic_body_resolves_to_named_body_and_digit_groups_stay_whole() {
    let a = run(&[
        &["BERGEN (Wire) — Vestfjord Shipping AS will sell two ferries, the company said on Monday."],
        &["It said the sale would bring in 40 million crowns."],
        &["Hilde Strand, who represents 2,000 workers, said the union would object."],
        &["The price was too low, said Strand."],
    ]);
    assert_eq!(
        speakers(&a),
        [
            Some("Vestfjord Shipping AS"),
            Some("Vestfjord Shipping AS"),
            Some("Hilde Strand"),
            Some("Hilde Strand")
        ]
    );
    assert_eq!(kinds(&a)[0], "organisation");
}

#[test]
fn her_office_is_the_named_persons_office_and_disagreed_is_a_position() {
    let a = run(&[
        &["Senator Dana Cole said the rail bill was dead."],
        &["Her office said she would offer amendments."],
        &["Party leader Tom Reyes disagreed."],
    ]);
    assert_eq!(
        speakers(&a),
        [
            Some("Dana Cole"),
            Some("Dana Cole's office"),
            Some("Tom Reyes")
        ]
    );
    assert_eq!(kinds(&a)[1], "organisation");
}

#[test]
fn comma_set_name_after_a_role_in_according_to() {
    let a = run(&[&["According to the club's coach, Per Lunde, two players are injured."]]);
    assert_eq!(speakers(&a), [Some("Per Lunde")]);
}

#[test]
fn nested_sources_believer_after_according_and_quoting() {
    let a = run(&[&[
        "Navy spokesman Arno Kleist said the boat was found on Friday.",
        "According to Harbour Radio, Kleist also believes the crew left on purpose.",
        "According to the Nordic Wire agency, quoting the Baltic Press Agency, the port is closed.",
        "Kleist believes the crew will be found.",
    ]]);
    assert_eq!(
        speakers(&a)[..3],
        [
            Some("Arno Kleist"),
            Some("Arno Kleist"),
            Some("Baltic Press Agency")
        ]
    );
    // Alone, a belief is no speech.
    assert_eq!(speakers(&a)[3], None);
}

#[test]
fn age_description_refers_to_the_person_last_named() {
    let a = run(&[&[
        "Transport Minister Helen Marsh resigned on Sunday.",
        "The 54-year-old said she had done nothing wrong.",
        "The prime minister's office said it had accepted the resignation.",
    ]]);
    assert_eq!(
        speakers(&a),
        [
            None,
            Some("Helen Marsh"),
            Some("the prime minister's office")
        ]
    );
    assert_eq!(vias(&a)[1], Some(Pronoun));
}

#[test]
fn shared_surname_goes_to_the_one_who_has_spoken() {
    let a = run(&[&[
        "Minister Helen Marsh said she had done nothing wrong.",
        "Her husband, the businessman Peter Marsh, declined to comment.",
        "Marsh said she had not decided whether to stand again.",
    ]]);
    assert_eq!(
        speakers(&a),
        [Some("Helen Marsh"), None, Some("Helen Marsh")]
    );
}

#[test]
fn sentence_adverb_between_commas_and_quote_labels_are_frames() {
    let a = run(&[&[
        "The harbour board, however, endorsed the budget.",
        "Mayor Rita Olsen: \"The budget is balanced.\"",
        "\"The city has turned a corner.\" — Rita Olsen",
    ]]);
    assert_eq!(
        speakers(&a),
        [
            Some("the harbour board"),
            Some("Rita Olsen"),
            Some("Rita Olsen")
        ]
    );
    assert_eq!(quotes(&a), [NoQuote, Full, Full]);
}

#[test]
fn relative_clause_after_prepositional_object_and_role_name_after_according() {
    let a = run(&[&[
        "Former member Tom Dekker left the group in May.",
        "He flew to Oslo to meet with Dekker, who had told him he would help.",
        "Visits doubled last year, according to curator Elin Haug.",
        "The Municipality of Arnvik published its budget.",
        "The city said the budget was balanced.",
    ]]);
    assert_eq!(
        speakers(&a),
        [
            None,
            Some("Tom Dekker"),
            Some("Elin Haug"),
            None,
            Some("Municipality of Arnvik")
        ]
    );
}

#[test]
fn passive_agent_intro_participle_and_appositive_after_modifier() {
    let a = run(&[&[
        "The plan was reportedly rejected by Prime Minister Ola Brekke.",
        "The survey was supported by the Fjord Foundation.",
        "After calling the office by phone, Ivo Sand was put through to a lawyer.",
        "Also the governor of the northern region, Rita Lund, has reacted by proposing new rules.",
    ]]);
    assert_eq!(
        speakers(&a),
        [Some("Ola Brekke"), None, None, Some("Rita Lund")]
    );
}

#[test]
fn relative_that_and_plural_source_labels() {
    let a = run(&[
        &["Witnesses: 'The ferry left without lights'"],
        &["The storm sent crowds to the station, causing queues that backed up into the street."],
    ]);
    assert_eq!(speakers(&a), [Some("witnesses"), None]);
    assert_eq!(kinds(&a), ["unnamed", ""]);
}

#[test]
fn they_refers_to_an_unnamed_plural_subject() {
    let a = run(&[&[
        "On Monday, port officials went to the police station, where they claimed the crane was sabotaged.",
    ]]);
    assert_eq!(speakers(&a), [Some("port officials")]);
    assert_eq!((kinds(&a)[0], vias(&a)[0]), ("unnamed", Some(Pronoun)));
}

#[test]
fn she_refers_to_an_unnamed_speaker_with_a_role() {
    let a = run(&[
        &["The U.S. ambassador said the vote would be close."],
        &[
            "She said sanctions work.",
            "She added that more were needed.",
        ],
    ]);
    assert_eq!(speakers(&a), [Some("the U.S. ambassador"); 3]);
    assert_eq!(vias(&a)[1..], [Some(Pronoun), Some(Pronoun)]);
    let a = run(&[&[
        "The ambassador said the vote was close.",
        "She said sanctions work.",
    ]]);
    assert_eq!(speakers(&a), [Some("the ambassador"); 2]);
    // A named woman of the pronoun's gender still wins over the role.
    let b = run(&[&[
        "The ambassador and Maria Lopez spoke to the council.",
        "The ambassador said the vote would be close.",
        "Maria Lopez said it would not.",
        "She said sanctions work.",
    ]]);
    assert_eq!(speakers(&b)[3], Some("Maria Lopez"));
}

#[test]
fn manner_of_speaking_and_message_verbs() {
    let a = run(&[&[
        "\"Get off the pier!\" shouted Aud Vik.",
        "Aud Vik later clarified that the pier was closed.",
    ]]);
    assert_eq!(speakers(&a), [Some("Aud Vik"), Some("Aud Vik")]);
}

#[test]
fn inverted_verb_with_role_words_of_any_case_before_the_name() {
    let a = run(&[&[
        "The mood was grim, says Harbour cartoonist Eva Lind.",
        "\"It is over,\" said harbour master Aud Vik.",
    ]]);
    assert_eq!(speakers(&a), [Some("Eva Lind"), Some("Aud Vik")]);
}

#[test]
fn they_falls_back_to_a_body_that_just_spoke() {
    let a = run(&[
        &["In a statement, the Harbour Trust denied the claims."],
        &["They also said the crew was paid.", "The crew disagreed."],
        &["They said they had not been paid."],
    ]);
    // Only right after the body spoke: later `they` may be anyone.
    assert_eq!(
        speakers(&a),
        [Some("Harbour Trust"), Some("Harbour Trust"), None, None]
    );
}
