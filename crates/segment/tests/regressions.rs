//! Named behaviour and regression cases. All sentences are written for this
//! project (news style), not taken from any gold data.

use standpoint_segment::{AbbreviationClass, Segmenter, Sentence};

fn split(text: &str) -> Vec<&str> {
    split_with(&Segmenter::new(), text)
}

fn split_with<'a>(seg: &Segmenter, text: &'a str) -> Vec<&'a str> {
    seg.segment(text)
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

fn paragraphs(text: &str) -> Vec<usize> {
    Segmenter::new()
        .segment(text)
        .iter()
        .map(|s: &Sentence| s.paragraph)
        .collect()
}

// --- paragraphs and lines -------------------------------------------------------

#[test]
fn regression_headline_paragraph_without_punctuation_is_one_sentence() {
    let text = "Council Tightens Sanctions on Missile Program\n\nThe U.N. Security Council voted on Monday. China abstained.";
    assert_eq!(
        split(text),
        [
            "Council Tightens Sanctions on Missile Program",
            "The U.N. Security Council voted on Monday.",
            "China abstained."
        ]
    );
    assert_eq!(paragraphs(text), [0, 1, 1]);
}

#[test]
fn regression_paragraph_index_counts_only_blocks_with_text() {
    let text = "\n\n  \nFirst block.\n \t\n\n\nSecond block. Still second.\r\n\r\nThird";
    assert_eq!(
        split(text),
        ["First block.", "Second block.", "Still second.", "Third"]
    );
    assert_eq!(paragraphs(text), [0, 1, 1, 2]);
}

#[test]
fn regression_sentence_never_crosses_a_blank_line() {
    // No punctuation at all: the blank line alone separates the two.
    assert_eq!(
        split("By Dana Whitfield\n\nUNITED NATIONS"),
        ["By Dana Whitfield", "UNITED NATIONS"]
    );
}

#[test]
fn regression_headline_line_above_story_inside_one_paragraph() {
    let text = "Envoys Clash Over New Sanctions\nThe Security Council failed to agree on Tuesday. Talks go on.";
    assert_eq!(
        split(text),
        [
            "Envoys Clash Over New Sanctions",
            "The Security Council failed to agree on Tuesday.",
            "Talks go on."
        ]
    );
    assert_eq!(paragraphs(text), [0, 0, 0]);
}

#[test]
fn regression_hard_wrapped_prose_is_not_split_at_line_ends() {
    let text = "The ambassador told reporters outside the chamber that the\n\
                resolution drafted by France and Britain would leave the\n\
                Security Council with few options if the missile tests went on\n\
                unchecked. Diplomats expect a vote on Friday.";
    assert_eq!(split(text).len(), 2, "{:?}", split(text));
}

#[test]
fn regression_wrapped_line_ending_in_function_word_continues() {
    let text = "Sanctions Debate Continues at the\nUnited Nations Headquarters";
    assert_eq!(split(text), [text]);
}

#[test]
fn regression_list_lines_inside_a_paragraph_are_separate_sentences() {
    let text = "The draft calls for:\n- a freeze on assets\n- a travel ban\n- an arms embargo";
    assert_eq!(
        split(text),
        [
            "The draft calls for:",
            "- a freeze on assets",
            "- a travel ban",
            "- an arms embargo"
        ]
    );
}

// --- abbreviations, titles, initials -------------------------------------------------

#[test]
fn regression_us_before_a_name_does_not_split() {
    assert_eq!(
        split("The U.S. Ambassador to the U.N. Security Council spoke first."),
        ["The U.S. Ambassador to the U.N. Security Council spoke first."]
    );
}

#[test]
fn regression_us_at_sentence_end_splits_before_an_opener() {
    assert_eq!(
        split("The text was drafted by the U.S. The vote is on Friday."),
        ["The text was drafted by the U.S.", "The vote is on Friday."]
    );
    assert_eq!(
        split("Delegates flew to Washington, D.C. However, no deal emerged."),
        [
            "Delegates flew to Washington, D.C.",
            "However, no deal emerged."
        ]
    );
}

#[test]
fn regression_opener_with_curly_apostrophe_after_abbreviation() {
    assert_eq!(
        split("The draft came from the U.S. It’s the third this year."),
        ["The draft came from the U.S.", "It’s the third this year."]
    );
}

#[test]
fn regression_titles_never_end_a_sentence() {
    let text =
        "Gen. Will Harlan briefed Sen. Ortiz, Rep. Adebayo and Amb. Kovacs. They left at noon.";
    assert_eq!(
        split(text),
        [
            "Gen. Will Harlan briefed Sen. Ortiz, Rep. Adebayo and Amb. Kovacs.",
            "They left at noon."
        ]
    );
    assert_eq!(
        split("Mr. and Mrs. Haddad met Dr. The Minh Nguyen."),
        ["Mr. and Mrs. Haddad met Dr. The Minh Nguyen."]
    );
}

#[test]
fn regression_initials_do_not_split() {
    assert_eq!(
        split("The memo was written by analyst J. R. R. Castellano and George W. Pike."),
        ["The memo was written by analyst J. R. R. Castellano and George W. Pike."]
    );
}

#[test]
fn regression_single_capital_before_an_opener_ends_the_sentence() {
    assert_eq!(
        split("The council adopted Plan B. The sanctions take effect today."),
        [
            "The council adopted Plan B.",
            "The sanctions take effect today."
        ]
    );
}

#[test]
fn regression_pronoun_i_ends_a_sentence() {
    assert_eq!(
        split("The only delegate who objected was I. Nobody else spoke."),
        [
            "The only delegate who objected was I.",
            "Nobody else spoke."
        ]
    );
}

#[test]
fn regression_time_abbreviations() {
    assert_eq!(
        split("The council met at 10 a.m. Tuesday and voted at 4 p.m. The resolution passed."),
        [
            "The council met at 10 a.m. Tuesday and voted at 4 p.m.",
            "The resolution passed."
        ]
    );
}

#[test]
fn regression_introductory_phrase_ending_in_abbreviation_continues() {
    assert_eq!(
        split("At 5 a.m. Mr. Haddad left the mission. In the U.S. Congress the bill stalled."),
        [
            "At 5 a.m. Mr. Haddad left the mission.",
            "In the U.S. Congress the bill stalled."
        ]
    );
    assert_eq!(
        split("Talks resumed at 5 a.m. Mr. Haddad left early."),
        ["Talks resumed at 5 a.m.", "Mr. Haddad left early."]
    );
}

#[test]
fn regression_clock_time_ends_sentence_before_a_subject() {
    assert_eq!(
        split("The session ended at 11 p.m. Diplomats said little. It resumes at 9 A.M. GMT on Friday."),
        [
            "The session ended at 11 p.m.",
            "Diplomats said little.",
            "It resumes at 9 A.M. GMT on Friday."
        ]
    );
    assert_eq!(
        split("The vote is set for 3 p.m. Eastern time."),
        ["The vote is set for 3 p.m. Eastern time."]
    );
}

#[test]
fn regression_numeric_abbreviations_before_numbers() {
    assert_eq!(
        split("Resolution No. 2397 was adopted on Dec. 22 and is cited on p. 14 of the report."),
        ["Resolution No. 2397 was adopted on Dec. 22 and is cited on p. 14 of the report."]
    );
}

#[test]
fn regression_reference_abbreviations_in_reports() {
    assert_eq!(
        split("The panel's estimate (Eq. 3, Fig. 2; Ortiz et al. 2019) is cited in Ref. 14, ch. 5. It was disputed."),
        [
            "The panel's estimate (Eq. 3, Fig. 2; Ortiz et al. 2019) is cited in Ref. 14, ch. 5.",
            "It was disputed."
        ]
    );
}

#[test]
fn regression_no_as_a_word_ends_a_sentence() {
    assert_eq!(
        split("Asked whether talks would resume, he said no. Russia disagreed."),
        [
            "Asked whether talks would resume, he said no.",
            "Russia disagreed."
        ]
    );
}

#[test]
fn regression_company_abbreviation_ends_a_sentence_before_an_opener() {
    assert_eq!(
        split("The contract went to Halden & Co. It was signed Monday. Halden & Co. officials declined to comment."),
        [
            "The contract went to Halden & Co.",
            "It was signed Monday.",
            "Halden & Co. officials declined to comment."
        ]
    );
}

#[test]
fn regression_etc_ends_a_sentence_before_a_capital() {
    assert_eq!(
        split("The list covers oil, coal, textiles, etc. Exemptions are rare."),
        [
            "The list covers oil, coal, textiles, etc.",
            "Exemptions are rare."
        ]
    );
    assert_eq!(
        split("In Rome, Paris, etc. Protests grew."),
        ["In Rome, Paris, etc.", "Protests grew."]
    );
}

#[test]
fn regression_versus_and_latin_abbreviations_continue() {
    assert_eq!(
        split(
            "The case, Ortiz v. United Nations, cites e.g. Article 25 and compares Iran vs. Libya."
        ),
        ["The case, Ortiz v. United Nations, cites e.g. Article 25 and compares Iran vs. Libya."]
    );
}

#[test]
fn regression_state_abbreviations_match_only_capitalized() {
    // "ill." is a word, "Ill." (Illinois) an abbreviation.
    assert_eq!(
        split("The envoy fell ill. Officials postponed the meeting."),
        ["The envoy fell ill.", "Officials postponed the meeting."]
    );
    assert_eq!(
        split("The delegation flew to Peoria, Ill. Governor Ruiz met it there."),
        ["The delegation flew to Peoria, Ill. Governor Ruiz met it there."]
    );
    assert_eq!(
        split("The delegation flew to Peoria, Ill. It left on Monday."),
        ["The delegation flew to Peoria, Ill.", "It left on Monday."]
    );
}

#[test]
fn regression_abbreviation_after_a_hyphen() {
    assert_eq!(
        split("The bill's sponsor, Sen. Ana Ruiz, D-Calif. Wednesday, met ex-Gov. Will Ortiz."),
        ["The bill's sponsor, Sen. Ana Ruiz, D-Calif. Wednesday, met ex-Gov. Will Ortiz."]
    );
}

#[test]
fn regression_possessive_after_abbreviation() {
    assert_eq!(
        split("That was Castellano Jr.'s draft. It failed."),
        ["That was Castellano Jr.'s draft.", "It failed."]
    );
}

#[test]
fn regression_consonant_only_short_word_is_an_abbreviation() {
    assert_eq!(
        split("The mission at 12 Harbor Blvd. East opened today."),
        ["The mission at 12 Harbor Blvd. East opened today."]
    );
    assert_eq!(
        split("The mission is on Harbor Blvd. It opened today."),
        ["The mission is on Harbor Blvd.", "It opened today."]
    );
}

#[test]
fn regression_user_abbreviations_extend_the_list() {
    let text = "Commr. Adeyemi spoke first. Talks resumed.";
    assert_eq!(
        split(text),
        ["Commr.", "Adeyemi spoke first.", "Talks resumed."]
    );
    let seg = Segmenter::new().with_abbreviations(["Commr. prefix"]);
    assert_eq!(
        split_with(&seg, text),
        ["Commr. Adeyemi spoke first.", "Talks resumed."]
    );
    let seg = Segmenter::new().with_abbreviation("commr", AbbreviationClass::Prefix);
    assert_eq!(
        split_with(&seg, text),
        ["Commr. Adeyemi spoke first.", "Talks resumed."]
    );
}

#[test]
fn regression_user_abbreviation_overrides_builtin_class() {
    let text = "The depot is on Elm St. The convoy left.";
    assert_eq!(split(text), ["The depot is on Elm St.", "The convoy left."]);
    let seg = Segmenter::new().with_abbreviations(["st prefix"]);
    assert_eq!(split_with(&seg, text), [text]);
}

// --- numbers, URLs, e-mail ----------------------------------------------------------

#[test]
fn regression_decimals_and_money_do_not_split() {
    assert_eq!(
        split("Sanctions cost the economy $4.5 billion in 2017. Exports fell 3.2 percent."),
        [
            "Sanctions cost the economy $4.5 billion in 2017.",
            "Exports fell 3.2 percent."
        ]
    );
}

#[test]
fn regression_number_at_sentence_end_then_number_starts_next() {
    assert_eq!(
        split("The vote was taken in 2016. 2017 brought new tests."),
        ["The vote was taken in 2016.", "2017 brought new tests."]
    );
}

#[test]
fn regression_urls_and_email_addresses() {
    assert_eq!(
        split("The text is at https://press.example.org/sc/12.345/draft.html. Send questions to spokes.person@mission.example.org. The briefing is at noon."),
        [
            "The text is at https://press.example.org/sc/12.345/draft.html.",
            "Send questions to spokes.person@mission.example.org.",
            "The briefing is at noon."
        ]
    );
}

// --- ellipses -----------------------------------------------------------------------

#[test]
fn regression_ellipsis_before_lowercase_continues() {
    assert_eq!(
        split("The envoy paused ... and then went on. The chair waited…then spoke."),
        [
            "The envoy paused ... and then went on.",
            "The chair waited…then spoke."
        ]
    );
}

#[test]
fn regression_ellipsis_before_capital_ends_sentence_except_before_i() {
    assert_eq!(
        split(
            "We are ready to talk… The question is when. I warned them . . . I warned them twice."
        ),
        [
            "We are ready to talk…",
            "The question is when.",
            "I warned them . . . I warned them twice."
        ]
    );
}

#[test]
fn regression_four_dot_ellipsis_ends_sentence() {
    assert_eq!(
        split("Nobody expected that.... Then the vote came. He read the clause . . . . Nobody objected."),
        [
            "Nobody expected that....",
            "Then the vote came.",
            "He read the clause . . . .",
            "Nobody objected."
        ]
    );
}

#[test]
fn regression_period_then_spaced_ellipsis_opens_next_sentence() {
    assert_eq!(
        split("The council debated the measure. . . . The text was withdrawn. . . ."),
        [
            "The council debated the measure.",
            ". . . The text was withdrawn. . . ."
        ]
    );
}

#[test]
fn regression_bracketed_ellipsis_before_citation_does_not_split() {
    assert_eq!(
        split("\"The talks [...] achieved little [...]\" (Ortiz 2019)."),
        ["\"The talks [...] achieved little [...]\" (Ortiz 2019)."]
    );
}

// --- lists -----------------------------------------------------------------------------

#[test]
fn regression_inline_numbered_list_without_periods() {
    assert_eq!(
        split("1. Freeze the assets 2. Ban the flights 3. Expel the attachés"),
        [
            "1. Freeze the assets",
            "2. Ban the flights",
            "3. Expel the attachés"
        ]
    );
    assert_eq!(
        split("1) Freeze the assets 2) Ban the flights"),
        ["1) Freeze the assets", "2) Ban the flights"]
    );
    assert_eq!(
        split("1.) Freeze the assets. 2.) Ban the flights."),
        ["1.) Freeze the assets.", "2.) Ban the flights."]
    );
}

#[test]
fn regression_inline_lettered_list() {
    assert_eq!(
        split("a. The asset freeze b. The travel ban c. The arms embargo"),
        [
            "a. The asset freeze",
            "b. The travel ban",
            "c. The arms embargo"
        ]
    );
}

#[test]
fn regression_bullets_start_sentences() {
    assert_eq!(
        split("• 4. The asset freeze • 5. The travel ban"),
        ["• 4. The asset freeze", "• 5. The travel ban"]
    );
    assert_eq!(
        split("⁃7. The asset freeze ⁃8. The travel ban"),
        ["⁃7. The asset freeze", "⁃8. The travel ban"]
    );
}

#[test]
fn regression_list_marker_alone_never_ends_a_sentence() {
    assert_eq!(
        split("2. The council must act now."),
        ["2. The council must act now."]
    );
}

#[test]
fn regression_number_after_sentence_end_is_not_a_list_marker() {
    assert_eq!(
        split("The resolution passed 13-2. 2 members abstained."),
        ["The resolution passed 13-2.", "2 members abstained."]
    );
}

// --- quotes -----------------------------------------------------------------------------

#[test]
fn regression_closing_quote_after_period_belongs_to_sentence() {
    assert_eq!(
        split("“This is the pressure the region needs.” Haley said the vote would go ahead."),
        [
            "“This is the pressure the region needs.”",
            "Haley said the vote would go ahead."
        ]
    );
    assert_eq!(
        split("\"We reject the draft.\" The Russian envoy then left."),
        ["\"We reject the draft.\"", "The Russian envoy then left."]
    );
}

#[test]
fn regression_question_inside_quote_before_lowercase_attribution_stays() {
    assert_eq!(
        split("\"Who will enforce these measures?\" the envoy asked. Nobody answered."),
        [
            "\"Who will enforce these measures?\" the envoy asked.",
            "Nobody answered."
        ]
    );
    assert_eq!(
        split("'That is final.' she said."),
        ["'That is final.' she said."]
    );
}

#[test]
fn regression_multi_sentence_quotation_is_split() {
    assert_eq!(
        split("“We need more pressure. We need it now,” Haley said."),
        ["“We need more pressure.", "We need it now,” Haley said."]
    );
}

#[test]
fn regression_single_quotes_nested_in_double_quotes() {
    assert_eq!(
        split("“He told me, ‘The vote is off.’ Then he left,” the diplomat said."),
        [
            "“He told me, ‘The vote is off.’",
            "Then he left,” the diplomat said."
        ]
    );
    assert_eq!(
        split("\"The envoy said 'No more talks.'\" Officials confirmed it."),
        [
            "\"The envoy said 'No more talks.'\"",
            "Officials confirmed it."
        ]
    );
}

#[test]
fn regression_guillemets() {
    assert_eq!(
        split("«Nous refusons.» The French envoy left."),
        ["«Nous refusons.»", "The French envoy left."]
    );
    assert_eq!(
        split("« Nous refusons. » The French envoy left."),
        ["« Nous refusons. »", "The French envoy left."]
    );
}

#[test]
fn regression_opening_style_quote_used_as_closing() {
    assert_eq!(
        split("The decision was “misguided.“ However, funding continues."),
        [
            "The decision was “misguided.“",
            "However, funding continues."
        ]
    );
}

#[test]
fn regression_attribution_dash_stays_with_the_quote() {
    assert_eq!(
        split("\"Sanctions are a tool, not a policy.\" - Lena Marsh\n\nThe debate went on."),
        [
            "\"Sanctions are a tool, not a policy.\" - Lena Marsh",
            "The debate went on."
        ]
    );
}

// --- ? ! brackets dashes -------------------------------------------------------------------

#[test]
fn regression_question_and_exclamation_end_sentences() {
    assert_eq!(
        split("Will the council act? It must! Really?! Nobody knows."),
        [
            "Will the council act?",
            "It must!",
            "Really?!",
            "Nobody knows."
        ]
    );
}

#[test]
fn regression_exclamation_in_a_name_before_lowercase() {
    assert_eq!(
        split("She worked at Yahoo! for a decade before joining the mission."),
        ["She worked at Yahoo! for a decade before joining the mission."]
    );
}

#[test]
fn regression_terminal_inside_parentheses_before_lowercase() {
    assert_eq!(
        split("The envoy (she had served in Geneva for years.) spoke last. Then the vote."),
        [
            "The envoy (she had served in Geneva for years.) spoke last.",
            "Then the vote."
        ]
    );
}

#[test]
fn regression_parenthetical_sentence_between_sentences() {
    assert_eq!(
        split("The council voted. (Russia abstained.) Talks continue."),
        [
            "The council voted.",
            "(Russia abstained.)",
            "Talks continue."
        ]
    );
}

#[test]
fn regression_bracketed_insertion_inside_quote() {
    assert_eq!(
        split("\"They [the sanctions] have failed. We [the allies] will act,\" he said."),
        [
            "\"They [the sanctions] have failed.",
            "We [the allies] will act,\" he said."
        ]
    );
}

#[test]
fn regression_em_dash_interruption_does_not_split() {
    assert_eq!(
        split("\"We will not—\" the ambassador began. The chair cut him off — again."),
        [
            "\"We will not—\" the ambassador began.",
            "The chair cut him off — again."
        ]
    );
}

// --- text without punctuation --------------------------------------------------------------

#[test]
fn regression_date_dateline_runs_into_first_sentence() {
    assert_eq!(
        split("Monday, March 4, 2019 The Security Council met behind closed doors."),
        [
            "Monday, March 4, 2019",
            "The Security Council met behind closed doors."
        ]
    );
    assert_eq!(
        split("March 4, 2019 was the day the council met."),
        ["March 4, 2019 was the day the council met."]
    );
}

#[test]
fn regression_caption_before_credit_label() {
    assert_eq!(
        split("Ambassadors gather before the vote Photo: Lena Marsh/Staff."),
        [
            "Ambassadors gather before the vote",
            "Photo: Lena Marsh/Staff."
        ]
    );
    assert_eq!(split("Photo: Lena Marsh."), ["Photo: Lena Marsh."]);
}

// --- characters and whitespace -----------------------------------------------------------

#[test]
fn regression_non_ascii_capital_after_period() {
    assert_eq!(
        split("Talks ended. Ökonomen warned of costs. Élysée officials agreed."),
        [
            "Talks ended.",
            "Ökonomen warned of costs.",
            "Élysée officials agreed."
        ]
    );
}

#[test]
fn regression_no_break_space_after_period() {
    assert_eq!(
        split("Talks ended.\u{a0}Diplomats left."),
        ["Talks ended.", "Diplomats left."]
    );
}

#[test]
fn regression_period_without_following_space_is_not_a_boundary() {
    assert_eq!(
        split("The U.S.-led coalition met.Then nothing."),
        ["The U.S.-led coalition met.Then nothing."]
    );
}

#[test]
fn regression_empty_and_whitespace_only_text() {
    assert!(split("").is_empty());
    assert!(split(" \n\n\t \r\n").is_empty());
}
