package content

// EngineKeys are the strings the dialog engine uses by itself, outside any node. Every locale
// must define them; `content check` reports the ones missing.
var EngineKeys = []string{
	"btn.yes",               // Yes, under a checklist question
	"btn.no",                // No, under a checklist question
	"btn.other_country",     // a button after the suggested countries
	"audience.teen",         // button: I'm a young person
	"audience.parent",       // button: I'm a parent or carer
	"audience.school",       // button: I work at a school
	"region.type_it",        // after "another country": please type its name
	"region.not_found",      // a typed country name we could not recognise
	"thanks.reply",          // a message that only thanks: "you're welcome, I'm here"
	"ack.reply",             // a message that only acknowledges ("ok"): "take your time"
	"region.set",            // confirmation; {country} is the country's name
	"region.needed",         // sent after a risky reply when the region is still unknown
	"language.set",          // confirmation after choosing a language
	"contact.call",          // "call {phone}"
	"contact.sms",           // "text {sms}"
	"contact.web",           // "{web}"
	"contact.chat",          // "chat: {chat}"
	"contact.hours",         // "{hours}"
	"contact.hours_unknown", // opening hours not known
	"contact.hours_check",   // opening hours the directory gives only in English notes
	"contact.hours_always",  // "24/7", for hours that say no more (outside English)
	"contact.emergency",     // the name shown for a region's emergency numbers (the files' names are English notes)
	// What an emergency number is for, replacing the directory's English label ("110 (police)").
	"contact.role.police", "contact.role.ambulance", "contact.role.fire", "contact.role.medical", "contact.role.rescue",
	"contact.role.fire_and_disaster", // Ethiopia's second emergency entry
	// Remarks on numbers the directory writes in English ("1-800-843-5678 (US number)",
	// "126 (tourist police/foreigners)").
	"contact.role.us_number", "contact.role.tourist_police", "contact.role.foreigners",
	// Remarks on SMS numbers: who they are for ("114 (SMS, deaf/hard of hearing)").
	"contact.role.sms_deaf_hard_of_hearing", "contact.role.deaf_speech_impaired_sms_then_sign_language_video_link",
	// Source remarks on numbers, said plainly: "124 (short number from mobile, per 2026
	// regional source)" in Russia, "119 ext 8 (per 2017 source)" in Indonesia.
	"contact.role.short_number_from_mobile_per_2026_regional_source", "contact.role.per_2017_source",
	"contacts.global",       // a note before contacts that work from anywhere (no national one known)
	"contacts.no_emergency", // no emergency number known for the region
	"command.unknown",       // an unknown /command
	"forget.done",           // everything about this chat was erased
	"clear.done",            // the console's answer to /clear
	"button.stale",
	"prompt.choose",
	"btn.read_more",    // under an article's short answer: the whole article
	"btn.back_to_menu", // under an article
	// The report helper (flows.yaml `form:`); its field labels are "form.l.<field>".
	"btn.skip",       // under every question
	"form.again",     // a typed answer that did not arrive (after a restart): type it again
	"form.resume",    // after a crisis reply in the middle of the form: the same question follows
	"form.none",      // a summary with every question skipped
	"form.no_images", // the summary's last line: no images attached, never attach them
	"form.lost",      // sent instead of the summary if it was lost (a restart)
	// School codes (flows.yaml `action:`), their posters (internal/school) and counts.
	"school.ask_region", "school.unavailable", "school.too_many", "school.made", "school.for_students",
	"school.class_text", "school.for_parents", "school.newsletter", "school.poster", "school.none",
	"school.codes", "school.code_line", "school.code_retired", "school.retired",
	"btn.sc_poster", "btn.sc_retire",
	"stats.intro", "stats.empty", "stats.merged", "stats.note", "stats.started",
	"stats.path_sextortion", "stats.path_enticement", "stats.path_removal", "stats.path_crisis", "stats.path_learn",
	"stats.contacts_emergency", "stats.contacts_crisis", "stats.contacts_child_helpline",
	"stats.contacts_parent_support", "stats.contacts_report_csam", "stats.contacts_police_online",
	"stats.contacts_image_removal",
	"poster.title", "poster.tagline", "poster.scan", "poster.promise", "poster.emergency", "poster.helpline",
	// The Telegram channel's own strings.
	"bot.description",       // setMyDescription (at most 512 characters)
	"bot.short_description", // setMyShortDescription (at most 120 characters)
	"command.start", "command.menu", "command.help", "command.hotlines", "command.region",
	"command.language", "command.privacy", "command.forget", "command.clear", // setMyCommands
	"group.private_only", // the one line said in a group
	"btn.open_private",   // its button, a link to the private chat // a short prompt over buttons that follow another set of buttons          // a button from an old message that no longer applies
}
