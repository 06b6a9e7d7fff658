// model/parameters.hpp — every model parameter, typed. The schema that names, documents and
// range-checks them is sim/parameter_table.cpp; nothing else reads a scenario by string.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace quasim {

/// The six kinds of provider the sources name. Order is the `provider_type` axis in output.
enum class ProviderType : std::uint8_t {
  InHouse,
  LargePrivate,
  Sme,
  Voluntary,
  Mutual,
  JointVenture
};
inline constexpr int kProviderTypes = 6;
inline constexpr std::array<const char*, kProviderTypes> kProviderTypeNames = {
    "in_house", "large_private", "sme", "voluntary", "mutual", "joint_venture"};

/// How a new mutual is governed (`mutuals.governance`; names in the parameter table's order).
enum class Governance : std::uint8_t { EmployeeLed, MultiStakeholder, JointVenture };

/// Who pays a shared back office's transition overrun (`collaboration.risk_holder`).
enum class RiskHolder : std::uint8_t { Lead, Shared };

/// How a contract end is decided (`make_or_buy.mode`; names in the parameter table's order):
/// `Decide` weighs in-house against the market (agents/make_or_buy.cpp) besides the centre's
/// mandate; `Draw` is the mandate draw alone (`domain.*.tender_share`), as before issue 15.
enum class MakeOrBuyMode : std::uint8_t { Decide, Draw };
/// How the centre shares the national settlement among commissioners (`centre.settlement`).
enum class Settlement : std::uint8_t { Flat, NeedsBased };

/// Age bands used by need onset and mortality: 0-17, 18-44, 45-64, 65-84, 85+.
inline constexpr int kAgeBands = 5;
inline constexpr int kMaxDomains = 8;   // needs are packed 2 bits per domain in a uint16
inline constexpr int kNeedLevels = 4;   // 0 none, 1 low, 2 moderate, 3 high
inline constexpr int kChoiceSlots = 4;  // providers a citizen can choose from (2 bits per domain)
inline constexpr int kMaxDifficultyGroups = 4;  // how hard citizens are to help (`[difficulty]`)
inline constexpr int kWaitBands = 4;            // years on a waiting list: 0 (new), 1, 2, 3 or more

/// Whom a provider short of capacity serves first, as the contract says (`waiting.order`;
/// names in the parameter table's order): longest wait first, or highest need first.
enum class WaitingOrder : std::uint8_t { FirstComeFirstServed, ByNeed };

/// One service domain (scenario data: `[domain.NAME]`).
struct DomainParams {
  std::string name;
  bool statutory = false;  ///< funded before non-statutory domains
  double onset = 0.02;     ///< 1/yr: chance a need arises (age weight 1)
  std::array<double, kAgeBands> age_weights = {1, 1, 1, 1, 1};  ///< onset multiplier by age band
  double escalation = 0.15;          ///< 1/yr: chance an unserved need rises a level
  double resolution = 0.35;          ///< 1/yr: chance a need served at quality 1 falls a level
  double natural_resolution = 0.08;  ///< 1/yr: chance an unserved need falls a level
  double unit_cost = 5000;           ///< GBP per need-unit-year, efficient in-house cost
  double contractibility = 0.7;      ///< 0..1: how far quality can be written into a contract
  double tender_share = 0.0;         ///< 0..1: chance a contract end is tendered by mandate
  double pbr_share = 0.0;            ///< 0..1: share of contract income paid on outcomes
  int end_contracts_year = 0;     ///< calendar year the centre ends every contract here (0 never)
  bool choice = false;            ///< personal budgets: citizens choose among a framework
  double outcome_weight = 1.0;    ///< weight in the citizen outcome index
  std::vector<double> spillover;  ///< per source domain: onset reduction per served share
  int agency = 0;                 ///< who pays for it: index into Parameters::agencies
  std::string agency_name = "council";  ///< `domain.NAME.agency` as written (resolved to `agency`)
  int spillover_lag = 0;  ///< years before service elsewhere lowers onset here (0: collaboration's)
  double prevention_share = 0.0;   ///< share of the change fund buying prevention here
  double prevention_cost = 10000;  ///< GBP per need onset averted, at the first pound
  int prevention_lag = 3;          ///< years before prevention bought lowers onset
};

/// Behaviour of one provider type (scenario data: `[provider.TYPE]`).
struct ProviderTypeParams {
  double unit_cost = 1.0;         ///< multiple of the domain's efficient in-house unit cost
  double quality = 0.6;           ///< 0..1 mean true quality of delivered service
  double quality_spread = 0.08;   ///< sd of true quality across providers
  double reserves = 0.15;         ///< initial reserves, years of turnover
  double bid_skill = 0.3;         ///< 0..1: how much better bids look than the service is
  double markup = 0.06;           ///< target margin on cost when bidding
  double distribution = 0.0;      ///< share of surplus paid out (the rest is reinvested)
  double profit_motive = 0.0;     ///< 0..1: propensity to shade non-contractible quality
  double engagement = 0.5;        ///< 0..1 staff engagement
  double learning_rate = 0.01;    ///< 1/yr unit-cost reduction from experience
  double max_growth = 50.0;       ///< largest contract as a multiple of current turnover
  double fixed_cost_share = 0.2;  ///< share of planned contract cost that is fixed
  double size = 1.0;  ///< other business at entry, multiple of a typical service's yearly value
  /// Years of entry turnover (base_size) its parent group will inject, over its life, to keep
  /// it solvent (agents/parent_backing.cpp); 0: no parent behind it.
  double parent_backing = 0.0;
};

/// The documented defaults of each provider type, in ProviderType order (MODEL_BRIEF
/// "Providers"; printed by `quasim explain provider`). `Parameters{}` starts from these.
inline constexpr std::array<ProviderTypeParams, kProviderTypes> kDefaultProviderTypes = {{
    // in_house
    {.unit_cost = 1.0,
     .quality = 0.62,
     .quality_spread = 0.05,
     .reserves = 0.0,
     .bid_skill = 0.1,
     .markup = 0.0,
     .distribution = 0.0,
     .profit_motive = 0.0,
     .engagement = 0.5,
     .learning_rate = 0.005,
     .max_growth = 1e6,
     .fixed_cost_share = 0.0,
     .size = 1.0,
     .parent_backing = 0.0},
    // large_private
    {.unit_cost = 0.84,
     .quality = 0.58,
     .quality_spread = 0.08,
     .reserves = 0.25,
     .bid_skill = 0.55,
     .markup = 0.08,
     .distribution = 0.7,
     .profit_motive = 0.6,
     .engagement = 0.45,
     .learning_rate = 0.005,
     .max_growth = 100.0,
     .fixed_cost_share = 0.25,
     .size = 6.0,
     .parent_backing = 0.1},
    // sme
    {.unit_cost = 0.90,
     .quality = 0.62,
     .quality_spread = 0.10,
     .reserves = 0.12,
     .bid_skill = 0.25,
     .markup = 0.07,
     .distribution = 0.5,
     .profit_motive = 0.4,
     .engagement = 0.6,
     .learning_rate = 0.008,
     .max_growth = 3.0,
     .fixed_cost_share = 0.2,
     .size = 0.4,
     .parent_backing = 0.02},
    // voluntary
    {.unit_cost = 0.93,
     .quality = 0.66,
     .quality_spread = 0.10,
     .reserves = 0.08,
     .bid_skill = 0.15,
     .markup = 0.03,
     .distribution = 0.0,
     .profit_motive = 0.05,
     .engagement = 0.7,
     .learning_rate = 0.006,
     .max_growth = 2.0,
     .fixed_cost_share = 0.2,
     .size = 0.3,
     .parent_backing = 0.0},
    // mutual
    {.unit_cost = 0.96,
     .quality = 0.66,
     .quality_spread = 0.06,
     .reserves = 0.05,
     .bid_skill = 0.2,
     .markup = 0.03,
     .distribution = 0.0,
     .profit_motive = 0.05,
     .engagement = 0.7,
     .learning_rate = 0.01,
     .max_growth = 3.0,
     .fixed_cost_share = 0.2,
     .size = 1.0,
     .parent_backing = 0.0},
    // joint_venture
    {.unit_cost = 0.90,
     .quality = 0.62,
     .quality_spread = 0.06,
     .reserves = 0.2,
     .bid_skill = 0.45,
     .markup = 0.06,
     .distribution = 0.5,
     .profit_motive = 0.3,
     .engagement = 0.6,
     .learning_rate = 0.008,
     .max_growth = 20.0,
     .fixed_cost_share = 0.25,
     .size = 2.0,
     .parent_backing = 0.05},
}};

struct RunParams {
  int years = 20;
  int replicates = 10;
  std::int64_t seed = 1;
  int start_year = 2010;
};

struct PopulationParams {
  double citizens = 2.0e6;  ///< persons represented
  int agent_weight = 20;    ///< persons per agent
  double share_under18 = 0.21;
  double share_65plus = 0.17;
  double share_45_64_of_adults = 0.40;  ///< bulge of the working-age population near retirement
  double life_expectancy = 81.0;        ///< years at the start
  double longevity_gain = 0.15;         ///< years of life expectancy gained per year
  double capability_mean = 0.5;         ///< 0..1 mean capability to help oneself and others
  double coproduction = 0.3;            ///< onset reduction at capability 1
  double expectation_growth = 0.01;     ///< 1/yr rise in the quality citizens expect
  double trust_response = 0.15;         ///< speed at which trust follows experience
  double disengagement = 0.0;           ///< 1/yr: chance an under-40 stops using public channels
  double hearsay_response = 0.05;       ///< 1/yr: speed at which non-users' satisfaction follows
                                        ///< what they see and hear in their area
  double failure_salience = 1.0;  ///< trust target lost per share of an area's service disrupted
  double cut_salience = 0.5;      ///< non-users' view lost per share of need levels cut off
  double area_age_spread = 0.0;   ///< sd across areas of the 65+ share (older and younger areas)
};

struct CommissionerParams {
  int count = 10;
  double size_dispersion = 0.4;  ///< lognormal sd of area populations
  double capability = 0.6;       ///< 0..1 intelligent-customer capability
  double capability_spread = 0.1;
  double risk_appetite = 0.3;  ///< 0..1; low = prefers large incumbents
  double risk_spread = 0.1;
  double quality_noise = 0.25;          ///< sd of observed bid quality at capability 0
  double monitoring_cost = 0.03;        ///< share of contract value spent monitoring
  double termination_quality = 0.3;     ///< observed quality below which a contract ends early
  double back_office_share = 0.08;      ///< share of budget spent on back office
  double transition_cost = 0.25;        ///< share of annual value to take a failed service in-house
  double failure_disruption = 0.25;     ///< share of service lost the year after a failure
  double termination_disruption = 0.1;  ///< share of service lost the year after a termination
  double termination_cost = 0.5;        ///< termination's transition cost, share of a failure's
  double expectation_meet = 0.5;  ///< share of the rise in expected quality the service is paid
                                  ///< to meet
  double expectation_cost = 1.0;  ///< relative rise in unit cost per quality point so added
};

/// Lasting harm from unmet high need (`[outcomes]`; docs/ODD.md "4 Submodels: outcomes and
/// lasting harm").
struct OutcomeParams {
  double harm_rise = 0.3;       ///< harm added (toward 1) per year with a level-3 need unserved
  double harm_decay = 0.2;      ///< 1/yr: share of harm that fades in a year without one
  double harm_outcome = 0.3;    ///< outcome index lost at harm 1
  double harm_mortality = 1.0;  ///< relative rise in the chance of death at harm 1
  double harm_onset = 0.5;      ///< relative rise in need onset in every domain at harm 1
};

struct BudgetParams {
  double initial_coverage = 1.0;  ///< initial budget / cost of meeting all initial need in-house
  double change_early = -0.023;   ///< real-terms change per year, first period
  double change_late = -0.038;    ///< real-terms change per year, second period
  int switch_year = 5;            ///< years after start when the second period begins
};

/// An agency that pays for services (`[agency.NAME]`, issue 18). Agency 0 is always the
/// councils, one per area; others are national departments paying for their domains
/// (`domain.NAME.agency`) in every area.
struct AgencyParams {
  std::string name = "council";
  bool national = false;    ///< a national department (false: the councils)
  double pool_share = 0.0;  ///< share of its money put in each area's pool with the councils
  BudgetParams budget;      ///< a department's national trajectory (default: `[budget]`'s)
};

struct OutsourcingParams {
  bool in_house_bids = true;  ///< the in-house unit may bid (commissioning first)
  int contract_years = 5;
  int lot_size = 1;                    ///< commissioners bundled into one lot
  double price_weight = 0.6;           ///< weight of price in award (quality gets the rest)
  double financial_standing = 0.02;    ///< reserves required, as a multiple of annual lot value
  double bid_grant = 0.0;              ///< GBP per bid granted to voluntary and SME bidders
  std::string excluded_provider;       ///< provider name barred from tendering ("" none)
  double tender_cost = 0.02;           ///< commissioner's cost per tender, share of annual value
  double bid_cost = 0.01;              ///< bidder's cost per bid, share of annual value
  double mobilisation_cost = 0.03;     ///< new provider's start-up cost, share of annual value
  double incumbent_advantage = 0.05;   ///< award-score bonus to the incumbent
  double incumbent_erosion = 0.0;      ///< share of the advantage lost each round
  double inhouse_slack = 0.2;          ///< in-house cost above efficient before competition
  double competitive_response = 0.85;  ///< share of slack an in-house unit sheds when tendered
  double size_preference = 0.05;       ///< score bonus to large firms at risk appetite 0
  double bid_propensity = 0.7;         ///< chance a non-incumbent bid team is free to bid (noise)
  double exit_idle_years = 3;          ///< years without contracts before a provider leaves
  double volume_forecast = 1.0;        ///< planned contract volume / current need at award
  double shading_scale = 0.9;  ///< most quality withheld by a profit-driven provider, unmonitored
  double distress_relief =
      0.0;  ///< extra payment to a contractor about to fail, share of contract value
  int in_house_rounds = 1000;         ///< tender rounds in which the in-house unit may still bid
  double statutory_protection = 1.0;  ///< share of statutory cost funded before other domains
  int framework_size = 3;             ///< providers admitted per area where citizens choose
  double entry_rate = 0.6;            ///< entrants per year per type at a 10% margin
  int initial_rivals = 5;             ///< bids expected in a domain before its first tender
  double rival_markup = 3.0;          ///< superseded (issue 17): accepted, no effect
  double pbr_target = 0.6;       ///< PbR pays in full at this share of the domain's resolution rate
  double pbr_cap = 1.5;          ///< most a PbR payment can be, multiple of its full amount
  double relief_cushion = 0.01;  ///< a rescue leaves reserves at this share of the year's income
};

struct MutualParams {
  bool right_to_provide = false;
  double spinout_rate = 0.05;  ///< 1/yr a team's intent to apply builds, at engagement 1, stance 1
  int protected_years = 3;     ///< years of direct award before open competition
  double support_fund = 0.0;   ///< GBP total support for investment readiness
  double support_cap = 150000.0;    ///< GBP most any one mutual receives
  double support_effect = 1.0;      ///< extra business-case progress per year with fund support
  int business_case_years = 2;      ///< years a supported team takes to build its business case
  double backing_stance = 0.4;      ///< stance at or above which a commissioner backs a team itself
  int stall_years = 3;              ///< years stalled after which a team abandons its spin-out
  double standalone_cost = 0.19;    ///< mean extra cost of running alone, share of turnover
  double standalone_cost_sd = 0.5;  ///< log sd of that cost across teams
  double case_margin = 0.02;        ///< expected margin a business case needs to go live
  Governance governance = Governance::EmployeeLed;
  double stance = 0.5;               ///< 0..1 commissioners' support for spin-outs
  bool level_playing_field = false;  ///< financial-standing rule eased for mutuals
  double standing_relief = 0.25;     ///< spin-outs' standing requirement under that rule, share
  double engagement_gain = 0.2;      ///< rise in staff engagement from ownership
  double productivity_gain = 0.08;   ///< extra unit-cost fall per unit of engagement gained, owned
  double quality_gain = 0.05;        ///< extra quality per unit of engagement gained, owned
  double stakeholder_productivity = 0.7;  ///< multi-stakeholder: share of productivity_gain kept
  double user_voice = 0.04;          ///< multi-stakeholder: quality at spin-out per unit engagement
  double jv_engagement_share = 0.5;  ///< joint venture: share of engagement_gain (partner dilutes)
  double initial_reserves = 0.02;    ///< a spin-out's reserves at conversion, share of turnover
  double partner_capital = 0.3;      ///< joint venture: partner's capital, share of turnover
};

struct CollaborationParams {
  int shared_service_partners = 0;  ///< commissioners per shared back office (0/1 none)
  int shared_service_start = 2;     ///< year the partnerships begin
  double scale_elasticity = 0.25;   ///< back-office cost falls as partners^-elasticity
  double transition_cost = 1.0;     ///< one-off cost, multiple of annual back-office cost
  int transition_years = 3;         ///< years over which savings ramp up and costs fall
  double decision_cost = 0.02;      ///< per extra partner, share of back-office cost per year
  double overrun_sd = 0.3;          ///< sd of transition-cost overrun (lognormal)
  double decision_years = 0.1;  ///< years of deciding per extra partner, doubled by a 0.1 spread
  double block_spread = 0.2;    ///< sd of risk appetites above which a decision is abandoned
  int migration_horizon = 5;    ///< years of savings a partner weighs against its transition cost
  int dissolve_years = 3;       ///< years of negative net benefit after which a partner leaves
  RiskHolder risk_holder = RiskHolder::Shared;  ///< who pays overruns
  bool pooled_budgets = false;                  ///< allocate using the value map
  int spillover_lag = 2;            ///< years before spending in one domain moves another
  double change_fund = 0.0;         ///< share of budget ring-fenced for prevention
  double prevention_effect = 3.0;   ///< onset reduction per unit of change-fund share
  bool data_lab = false;            ///< shared outcome data
  double data_lab_noise_cut = 0.5;  ///< share of observation noise removed by the data lab
  double data_lab_learning = 0.5;   ///< extra provider learning rate with the data lab
};

/// Intelligent-customer capability that moves, and what monitoring buys (`[capability]`;
/// docs/ODD.md "4 Submodels: commissioning capability").
struct CapabilityParams {
  bool dynamic = true;   ///< capability moves each year (false: fixed at its initial value)
  double erosion = 0.1;  ///< 1/yr share of capability lost at an outsourced share of 1
  double rebuild = 2.0;  ///< 1/yr share of the gap to 1 closed per unit of monitoring intensity
                         ///< times the outsourced share
  double data_lab_gain = 0.05;      ///< 1/yr share of the gap to 1 closed with the data lab
  double shading_deterrence = 5.0;  ///< shading falls as 1 / (1 + this * monitoring intensity)
  double detection = 10.0;  ///< monitoring noise falls as 1 / (1 + this * monitoring intensity)
};

/// The provider of last resort with limits (`[last_resort]`; docs/ODD.md "4 Submodels:
/// provider failure").
struct LastResortParams {
  bool step_in = true;                ///< choose a route at failure (false: always in-house)
  double absorb_share = 0.3;          ///< most a provider takes on at once, share of turnover
  double novation_cost = 0.05;        ///< share of annual value
  double novation_disruption = 0.05;  ///< share of service lost the year after
  double direct_award_cost = 0.1;     ///< share of annual value
  double direct_award_disruption = 0.1;
  double direct_award_premium = 0.1;  ///< emergency price above the provider's usual bid
  int direct_award_years = 2;         ///< length of an emergency direct award
  double disruption_weight = 1.0;     ///< GBP of cost per GBP of service lost, in the choice
  int closure_years = 3;      ///< years fully outsourced before the in-house unit closes (0 never)
  double rebuild_cost = 0.5;  ///< share of annual value to rebuild a closed unit
  int rebuild_years = 2;      ///< years a rebuilt unit delivers with extra disruption
  double rebuild_disruption = 0.15;  ///< share of service lost each rebuild year
};

/// The commissioner's own make-or-buy comparison (`[make_or_buy]`, agents/make_or_buy.cpp).
struct MakeOrBuyParams {
  MakeOrBuyMode mode = MakeOrBuyMode::Draw;  ///< decide misses lga_funding_gap_2019 (see ODD)
  double prior_price_ratio = 0.9;  ///< expected price / in-house cost before any tender seen
  double prior_weight = 1.0;       ///< tenders' worth of weight given to that prior
  double memory_decay = 0.2;       ///< 1/yr: share of the market memory's weight lost each year
  int neighbours = 1;              ///< commissioners either side (by id) whose tenders are seen
  double neighbour_weight = 0.5;   ///< weight of a neighbour's experience against one's own
  double thin_bids = 4.0;          ///< expected bids below which a thin-market premium applies
  double thin_premium = 0.1;       ///< premium at no bids and risk appetite 0, share of value/yr
  int min_bidders = 2;             ///< capable bidders below which the service stays in-house
};

/// Commissioners' memory of providers' performance (`[performance]`, agents/performance.cpp).
struct PerformanceParams {
  double weight = 0.3;          ///< weight of the observed record in the quality a bid is judged on
  double strike_penalty = 0.1;  ///< score lost per remembered failure or termination
  int bar_years = 3;            ///< years a terminated or failed provider may not bid to it
  double decay = 0.2;           ///< 1/yr: share of the record's weight lost each year
  double bid_polish = 0.15;     ///< judged quality added per unit of bid-writing skill
};

/// How hard citizens are to help (`[difficulty]`; docs/ODD.md "4 Submodels: difficulty"). Each
/// citizen belongs to one group for life, drawn at birth from `share`; lists run in `groups`
/// order and have one value per group.
struct DifficultyParams {
  std::vector<std::string> groups = {"easier", "typical", "hardest"};
  std::vector<double> share = {0.3, 0.5, 0.2};    ///< share of the population in each group
  std::vector<double> ease = {1.3, 1.0, 0.55};    ///< x chance that service resolves a need
  std::vector<double> cost = {0.75, 1.0, 1.375};  ///< x capacity and cost of serving a need
  std::vector<double> pbr_payment = {1, 1, 1};    ///< x outcome payment per need resolved
};

/// Waiting lists (`[waiting]`; docs/ODD.md "4 Submodels: waiting lists").
struct WaitingParams {
  WaitingOrder order = WaitingOrder::ByNeed;  ///< whom the contract says to serve first
  double congestion_weeks = 0.1;  ///< weeks of queueing per unit of rho/(1-rho) (Kingman)
  double max_utilisation = 0.98;  ///< utilisation at which the congestion wait is capped
  double escalation = 1.0;        ///< x a need's escalation chance, per year spent waiting
  double dissatisfaction = 0.3;   ///< satisfaction target lost per year spent waiting
  double give_up = 0.25;          ///< 1/yr: chance a low need gives up the list, at trust 0
};

/// What a provider paid by results does with its capacity and effort (`[creaming]`;
/// docs/ODD.md "4 Submodels: creaming and parking").
struct CreamingParams {
  double strength = 1.0;  ///< weight on the cases that pay at PbR share 1 and profit motive 1
};

/// Most years a hire may take to arrive (`capacity.hiring_lag`): the length of a provider's
/// hiring pipeline (model/provider.hpp).
inline constexpr int kMaxHiringLag = 4;

/// Providers' delivery capacity: workforce in capacity units per year (persons: need units
/// served at difficulty cost 1), hiring, leaving, TUPE (`[capacity]`; docs/ODD.md "4 Submodels:
/// capacity", agents/capacity.cpp).
struct CapacityParams {
  double headroom = 0.1;      ///< capacity planned above the expected load, share of it
  int hiring_lag = 1;         ///< years from the hiring decision to a trained unit (0..4)
  double hiring_cost = 0.15;  ///< cost to recruit and train one unit, share of its unit-year cost
  double max_hiring = 0.3;    ///< most hired in a year, share of capacity ...
  double hiring_floor = 0.2;  ///< ... plus this share of the target (an empty unit restarts)
  double leaving = 0.08;      ///< 1/yr share of staff who leave at engagement 1
  double engagement_leaving = 0.08;  ///< extra 1/yr leaving at engagement 0
  double pay_restraint = 1.0;     ///< extra 1/yr leaving per unit of real-terms cut (in-house) or
                                  ///< of loss on income (contractors)
  double shed_rate = 0.5;         ///< 1/yr share of capacity above target shed (redundancies)
  double redundancy_cost = 0.2;   ///< cost of shedding one unit, share of its unit-year cost
  double tupe_share = 0.8;        ///< share of the capacity serving a service that moves with it
  double failure_transfer = 0.6;  ///< the same when the old provider failed
  double redeploy_share = 0.2;    ///< share of an external provider's other business (base_size)
                                  ///< it can redeploy to contracts here
  double bid_cover = 1.0;  ///< share of a lot's load a bidder must be able to deliver in year one
  double late_penalty = 0.5;  ///< observed quality lost per unit of waiting share (monitoring)
};

/// Bidding and pricing on expected profit (`[bidding]`; docs/ODD.md "4 Submodels: bidding and
/// pricing", agents/bidding.cpp).
struct BiddingParams {
  double cost_uncertainty = 0.08;  ///< sd of a new bidder's cost estimate, share of true cost
  double curse_correction = 0.5;   ///< share of the expected winner's curse added back at
                                   ///< bid_skill 1
  double cost_of_capital = 0.08;   ///< 1/yr: cost of waiting a year for the PbR part
  double pbr_sd = 0.3;             ///< sd of the outcome ratio a PbR contract pays on
  double volume_sd = 0.15;         ///< sd of volume against plan, share of planned volume
  double risk_aversion = 0.5;      ///< premium = this x variance x value / risk capacity
  double max_premium = 0.2;        ///< most risk premium, share of cost; above it, no bid
  double sunk_share = 0.3;         ///< share of a year's fixed cost sunk in setting a contract up
  double buy_in = 0.05;            ///< price cut to buy into a new domain, share of cost
  double price_ceiling = 1.1;      ///< most a bidder asks, multiple of what the service costs now
  double abnormal_gap = 0.2;  ///< a bid this far below the buyer's yardstick, over its capability,
                              ///< is rejected as abnormally low (0: no scrutiny)
};

/// Entry of new providers and drift exit (`[entry]`; docs/ODD.md "4 Submodels: provider
/// decisions", agents/market.cpp).
struct EntryParams {
  double drift_exit = 0.05;          ///< 1/yr: chance a provider that never bid leaves
  int margin_years = 3;              ///< years of margins entrants look back on
  double default_margin = 0.08;      ///< margin assumed before any year is recorded
  double reference_margin = 0.10;    ///< margin at which entry runs at outsourcing.entry_rate
  double opportunity_divisor = 4.0;  ///< typical services' worth tendered for opportunity 1
  double opportunity_cap = 3.0;      ///< most the opportunity factor can be
  double large_firm_factor = 0.25;   ///< large firms' entry rate, share of the others'
};

/// Staff engagement that moves (`[engagement]`; docs/ODD.md "4 Submodels: engagement",
/// agents/engagement.cpp): each provider's engagement closes part of the gap to a target set by
/// its type, ownership, job security, pay restraint and finances; changes move cost and quality.
struct EngagementParams {
  double adjustment = 0.3;     ///< 1/yr share of the gap to the target closed each year
  double security = 0.2;       ///< target engagement per unit of job security above 0.5
  double secure_years = 3.0;   ///< years of contract left at which a contractor is half secure
  double pay_restraint = 1.0;  ///< target engagement lost per unit of squeeze (cut or loss)
  double finances = 0.1;       ///< target engagement per unit of reserve health (-1..1)
  double productivity = 0.1;   ///< unit-cost fall per unit of engagement gained (all providers)
  double quality = 0.1;        ///< quality gained per unit of engagement gained (all providers)
};

/// Learning by doing and reinvestment, on both sides (`[learning]`; docs/ODD.md "4 Submodels:
/// learning", agents/provider.cpp close_accounts; per-type rates are provider.*.learning_rate).
struct LearningParams {
  double cost_floor = 0.5;         ///< lowest unit cost learning and engagement reach, x in-house
  double engagement_base = 0.5;    ///< learning rate x (engagement_base + engagement)
  double reinvest_cushion = 0.15;  ///< reserves above this share of turnover before reinvesting
  double reinvest_quality = 0.05;  ///< quality bought per unit of retained surplus / turnover
  double slack_creep = 0.01;       ///< 1/yr in-house slack regained while not competed
};

struct InitialMarketParams {
  int large_private = 4;
  int sme = 8;
  int voluntary = 8;
  double reserve_spread = 0.5;  ///< sd of log reserves across providers at entry
  double cost_spread = 0.05;    ///< sd of unit cost across providers at entry, share of the type's
  double cost_floor = 0.3;      ///< lowest unit cost at entry, x efficient in-house cost
};

/// Failure that spreads: parent groups' backing and when they walk away (`[failure]`;
/// docs/ODD.md "4 Submodels: provider failure", agents/parent_backing.cpp).
struct FailureParams {
  double walk_away = 1.0;  ///< most a parent injects in a year, x the margin its subsidiary's
                           ///< remaining contracts are expected to earn
};

/// Primes passing part of a lot to small and voluntary providers (`[subcontracting]`;
/// docs/ODD.md "4 Submodels: provider failure", agents/subcontracting.cpp).
struct SubcontractingParams {
  double max_share = 0.3;      ///< most of a lot's units a prime subcontracts
  double pass_down = 1.0;      ///< share of the PbR share passed down on the subcontracted part
  double prime_fee = 0.05;     ///< management fee the prime keeps, share of the part's price
  double unpaid_share = 0.33;  ///< share of a year's subcontract income unpaid at a prime's failure
};

/// The centre: how the national settlement is shared, and emergency funding (`[centre]`).
struct CentreParams {
  Settlement settlement = Settlement::Flat;  ///< flat: every budget on the trajectory alike
  double needs_phase_in = 0.25;    ///< share/yr of the gap to the needs-based share closed
  bool emergency_funding = false;  ///< the centre tops up statutory services it cannot fund
  double emergency_cap = 0.05;     ///< most emergency funding, share of a commissioner's budget
  double emergency_pot = 0.01;     ///< national emergency pot per year, share of all budgets
};

struct OutputParams {
  bool provider_panel = false;  ///< write every provider every year
  int citizen_sample = 0;       ///< citizens per replicate written as a panel
};

/// A change of parameters from a year on, for all commissioners or some (a `[[timeline]]`
/// entry, a `[commissioner."NAME"]` or `[group.NAME]` table), validated when the scenario was
/// loaded and applied by sim/policy.cpp.
struct PolicyChange {
  int from_year = 0;                       ///< year index (0: the first simulated year)
  std::vector<std::string> commissioners;  ///< names it applies to; empty: every commissioner
  std::string group;                       ///< the `[group.NAME]` it came from ("" none)
  std::vector<std::pair<std::string, std::string>> settings;  ///< dotted key, TOML value text
  std::string origin;                                         ///< "file:line" where written
};

/// Everything the engine reads. Built and validated by load_scenario; immutable after.
struct Parameters {
  RunParams run;
  PopulationParams population;
  CommissionerParams commissioners;
  OutcomeParams outcomes;
  BudgetParams budget;
  OutsourcingParams outsourcing;
  MutualParams mutuals;
  CollaborationParams collaboration;
  CapabilityParams capability;
  LastResortParams last_resort;
  MakeOrBuyParams make_or_buy;
  PerformanceParams performance;
  InitialMarketParams market;
  CentreParams centre;
  DifficultyParams difficulty;
  WaitingParams waiting;
  CreamingParams creaming;
  CapacityParams capacity;
  BiddingParams bidding;
  EntryParams entry;
  EngagementParams engagement;
  LearningParams learning;
  FailureParams failure;
  SubcontractingParams subcontracting;
  OutputParams output;
  std::array<ProviderTypeParams, kProviderTypes> provider = kDefaultProviderTypes;
  std::vector<DomainParams> domains;
  std::vector<AgencyParams> agencies = {AgencyParams{}};  ///< [0]: the councils
  /// Policy over time and by commissioner, in the order applied (sim/policy.cpp): the
  /// fields above hold the first year's values for every commissioner.
  std::vector<PolicyChange> policy_changes;
};

}  // namespace quasim
