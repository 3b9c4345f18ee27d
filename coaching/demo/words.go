package demo

// The word lists the sample team is made of. All names are invented; any
// likeness to a real person or company is an accident.

// firstNames and lastNames combine into rep names. len(lastNames) is a prime
// that does not divide len(firstNames)+1, which is what makes repName give
// distinct names for the first len(firstNames)*len(lastNames) reps.
var firstNames = []string{
	"Dana", "Sam", "Priya", "Jonas", "Mei", "Luis", "Amara", "Tom", "Ines", "Kofi",
	"Hannah", "Ravi", "Sofia", "Marcus", "Yuki", "Elena", "Omar", "Grace", "Nikolai", "Leah",
	"Diego", "Aisha", "Felix", "Noor", "Ben", "Chloe", "Mateo", "Ingrid", "Tariq", "Olivia",
	"Kenji", "Zara", "Pedro", "Freya", "Malik", "Rosa", "Arjun", "Clara", "Emeka", "Julia",
}

var lastNames = []string{
	"Ruiz", "Okafor", "Nair", "Berg", "Chen", "Ortega", "Mensah", "Walsh", "Costa", "Boateng",
	"Fischer", "Patel", "Marin", "Hughes", "Tanaka", "Petrova", "Haddad", "Kim", "Volkov", "Levi",
	"Alvarez", "Bello", "Novak", "Rahman", "Carter", "Dubois", "Silva", "Lund", "Aziz", "Byrne",
	"Sato", "Khan", "Moreau", "Larsen", "Diallo", "Romero", "Iyer", "Weber", "Eze", "Keller",
	"Brennan", "Quinn", "Osei",
}

var accounts = []string{
	"Northwind Traders", "Bluefin Logistics", "Harbor & Pine", "Kestrel Health", "Meridian Foods",
	"Ironbridge Manufacturing", "Solace Insurance", "Tidewater Energy", "Granite Peak Bank", "Lumen Retail",
	"Cobalt Freight", "Juniper Schools", "Redwood Analytics", "Silverline Airways", "Orchard Farms Co-op",
	"Beacon Hospitality", "Summit Dental Group", "Vantage Realty", "Halcyon Pharma", "Quarry Lane Builders",
	"Atlas Cold Storage", "Brightwater Utilities", "Cedar & Stone Law", "Driftwood Hotels", "Evergreen Clinics",
	"Falcon Couriers", "Golden Mile Motors", "Highland Breweries", "Isle Marine", "Jasper Textiles",
	"Kingfisher Media", "Lakeside Credit Union", "Maple Street Grocers", "Nimbus Cloudworks", "Oakhurst County",
	"Pioneer Plastics", "Quantum Labs", "Riverbend Hospital", "Saffron Restaurants", "Timberline Outdoor",
	"Upland Wines", "Vista Optics", "Westgate Property", "Yellowstone Rail", "Zephyr Wind Farms",
}

var products = []string{
	"Fleet telematics", "Payroll migration", "Field service rollout", "Data platform renewal",
	"Contact centre upgrade", "Security awareness", "Warehouse scanners", "Expense management",
	"Analytics add-on", "Multi-site expansion", "Patient scheduling", "Procurement suite",
	"Mobile workforce", "Cloud backup", "Compliance reporting", "Energy monitoring",
	"Customer portal", "Inventory forecasting", "E-signature pilot", "Learning platform",
}

var nextSteps = []string{
	"Demo for the IT team", "Send the mutual action plan", "Pricing call with procurement",
	"Security questionnaire due", "Workshop with the operations lead", "Reference call with a customer",
	"Business case review with the CFO", "Legal redlines back from the customer", "Pilot kick-off",
	"Intro to the economic buyer", "Follow-up on the ROI model", "Site visit",
	"Contract walkthrough", "Technical deep-dive", "Discovery call with finance",
}

var focusSkills = []string{
	"Reaching the economic buyer", "Quantifying the pain", "Building a mutual action plan",
	"Testing the champion", "Handling price pushback", "Multi-threading the account",
	"Asking for the next step", "Mapping the paper process", "Discovery questions",
}

// focusEvidence is what a manager notes when asking whether the focus was
// practised.
var focusEvidence = []string{
	"Did it on the Globex call unprompted", "Tried once, then fell back to old habits",
	"Brought it up in deal reviews", "Not on any call I saw", "Asked for a role-play to practise it",
	"Two of three calls, by the rep's own account",
}

var sessionNotes = []string{
	"Good energy; pipeline is thin in early stages.",
	"Spent most of the time on the two biggest deals.",
	"Rep asked for help with a pricing conversation.",
	"Talked about time management and prospecting blocks.",
	"Quarter-end pressure; keep close dates honest.",
}

var evidenceYes = []string{
	"Email from the CFO", "Said so on the discovery call", "In the shared mutual plan",
	"Meeting invite accepted", "Notes from the workshop", "Champion forwarded our deck internally",
	"Written in the RFP", "Signed NDA", "Calendar invite from the customer", "Slack message from the champion",
}

var evidenceUnsure = []string{
	"Rep thinks so, nothing written yet", "Heard second-hand from the champion", "Only our own notes",
}

var sharedNotes = []string{
	"Get the economic buyer on the next call.",
	"Ask the champion to set up the meeting, not us.",
	"Write the cost of doing nothing in their numbers.",
	"Agree the evaluation criteria in writing before the demo.",
	"Tie the close date to their go-live, not our quarter end.",
	"Trade the discount for a signed plan and a reference.",
	"Map legal and procurement steps with dates.",
	"Confirm the budget line with finance.",
}

var privateNotes = []string{
	"Seems to avoid the CFO — probe next time.",
	"Forecasting this too optimistically again.",
	"Strong call handling; let them run the next one alone.",
	"Champion may be a coach only; test it.",
	"Deal feels stuck; rep not owning the next step.",
	"Watch for discounting to close.",
}

var repActions = []string{
	"Book the meeting with the economic buyer",
	"Send the recap with the agreed dates",
	"Draft the mutual action plan with the champion",
	"Quantify the cost of doing nothing with finance",
	"Confirm the budget source",
	"Map the paper process with procurement",
	"Ask the champion for the decision criteria",
	"Update the close date in the CRM",
	"Prepare the business case review",
	"Find a second stakeholder in operations",
}

var managerActions = []string{
	"Call their VP to open the door",
	"Join the pricing call",
	"Get legal to review the redlines",
	"Approve the discount request",
	"Introduce a reference customer",
	"Run the negotiation myself",
}

var objectives = []string{
	"Agree the evaluation plan with dates",
	"Get the CFO to review the business case",
	"Confirm the decision process and signer",
	"Walk through the proposal live",
	"Qualify budget and timing",
}

var commitments = []string{
	"A meeting with the economic buyer on the calendar",
	"A signed mutual action plan",
	"Access to the technical team for a deep-dive",
	"A verbal decision by month end",
}

var fallbacks = []string{
	"A named date for the next meeting",
	"An intro to finance",
	"A written list of their decision criteria",
}

var attendees = []string{
	"Champion (ops lead), IT architect",
	"CFO, procurement manager, champion",
	"Head of sales ops, two team leads",
	"COO and her chief of staff",
}

var observeSkills = []string{
	"Discovery questions", "Handling objections", "Asking for the commitment",
	"Talking less than the customer", "Presenting the business case",
}

var wentWell = []string{
	"Opened with their agenda and kept to time",
	"Great questions on the cost of doing nothing",
	"Stayed calm on the price objection",
	"Summarised next steps before leaving",
}

var doDifferently = []string{
	"Pause after asking; let the customer fill the silence",
	"Ask for the commitment earlier",
	"Less demo, more questions",
	"Confirm who signs, not just who decides",
}

var surprises = []string{
	"A new stakeholder from finance joined",
	"They already tried a competitor last year",
	"The deadline moved up a quarter",
	"Budget sits with a different team",
}

var practise = []string{
	"Ask for the next step with a date",
	"Quantify pain in their numbers",
	"Close each call with a recap",
	"Name the economic buyer out loud",
}
