// sim/parameter_table.cpp — the parameter schema. One row per parameter; see the header.
#include "sim/parameter_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace quasim {
namespace {

// One row: KEY, TYPE, UNIT, MIN, MAX, DESCRIPTION, ODD SECTION, FIELD (an expression on `p`).
#define G(key, type, unit, lo, hi, desc, odd, field)                       \
  ParamSpec {                                                              \
    key, ParamType::type, ParamScope::Global, unit, lo, hi, desc, odd, "", \
        [](Parameters& p, int) -> ParamRef { return &p.field; }            \
  }
#define T(key, unit, choices, desc, odd, field)                               \
  ParamSpec {                                                                 \
    key, ParamType::Text, ParamScope::Global, unit, 0, 0, desc, odd, choices, \
        [](Parameters& p, int) -> ParamRef { return &p.field; }               \
  }
#define C(key, unit, choices, desc, odd, field)                                     \
  ParamSpec {                                                                       \
    key, ParamType::Choice, ParamScope::Global, unit, 0, 0, desc, odd, choices,     \
        [](Parameters& p, int) -> ParamRef { return choice_ref(p.field, choices); } \
  }
#define D(key, type, unit, lo, hi, desc, odd, field)                         \
  ParamSpec {                                                                \
    key, ParamType::type, ParamScope::Domain, unit, lo, hi, desc, odd, "",   \
        [](Parameters& p, int i) -> ParamRef { return &p.domains[i].field; } \
  }
#define A(key, type, unit, lo, hi, desc, odd, field)                          \
  ParamSpec {                                                                 \
    key, ParamType::type, ParamScope::Agency, unit, lo, hi, desc, odd, "",    \
        [](Parameters& p, int i) -> ParamRef { return &p.agencies[i].field; } \
  }
#define P(key, type, unit, lo, hi, desc, odd, field)                             \
  ParamSpec {                                                                    \
    key, ParamType::type, ParamScope::ProviderType, unit, lo, hi, desc, odd, "", \
        [](Parameters& p, int i) -> ParamRef { return &p.provider[i].field; }    \
  }

const ParamSpec kTable[] = {
    // --- run -------------------------------------------------------------------------
    G("run.years", Integer, "years", 1, 200, "Simulated years per replicate", "1 Overview",
      run.years),
    G("run.replicates", Integer, "runs", 1, 100000, "Independent replicates (random streams)",
      "1 Overview", run.replicates),
    G("run.seed", Integer, "-", 0, 9.2e18, "Master seed of all random streams",
      "7 Details: stochasticity", run.seed),
    G("run.start_year", Integer, "calendar year", 1900, 2200,
      "Calendar year labelling the first simulated year", "1 Overview", run.start_year),
    // --- population ------------------------------------------------------------------
    G("population.citizens", Real, "persons", 1, 1e9, "Persons represented across all areas",
      "3 Initialisation", population.citizens),
    G("population.agent_weight", Integer, "persons/agent", 1, 1000000,
      "Persons each citizen agent stands for", "3 Initialisation", population.agent_weight),
    G("population.share_under18", Real, "share", 0, 0.6, "Initial share of persons aged under 18",
      "3 Initialisation", population.share_under18),
    G("population.share_65plus", Real, "share", 0, 0.6,
      "Initial share of persons aged 65 and over (UK 2017: 0.18)", "3 Initialisation",
      population.share_65plus),
    G("population.share_45_64_of_adults", Real, "share", 0, 1,
      "Share of 18-64s aged 45-64 (the cohort about to age)", "3 Initialisation",
      population.share_45_64_of_adults),
    G("population.life_expectancy", Real, "years", 40, 110,
      "Life expectancy at birth in the first year", "4 Submodels: demography",
      population.life_expectancy),
    G("population.longevity_gain", Real, "years/yr", 0, 1,
      "Life expectancy gained per simulated year", "4 Submodels: demography",
      population.longevity_gain),
    G("population.capability_mean", Real, "0-1", 0, 1,
      "Mean capability of citizens to help themselves and others", "4 Submodels: needs",
      population.capability_mean),
    G("population.coproduction", Real, "share", 0, 1,
      "Reduction in need onset at capability 1 (co-production)", "4 Submodels: needs",
      population.coproduction),
    G("population.expectation_growth", Real, "1/yr", 0, 0.2,
      "Yearly rise in the service quality citizens expect", "4 Submodels: satisfaction and trust",
      population.expectation_growth),
    G("population.trust_response", Real, "1/yr", 0, 1,
      "Speed at which satisfaction and trust follow experience",
      "4 Submodels: satisfaction and trust", population.trust_response),
    G("population.disengagement", Real, "1/yr", 0, 1,
      "Chance per year that a citizen under 40 stops using public channels for low needs",
      "4 Submodels: satisfaction and trust", population.disengagement),
    G("population.hearsay_response", Real, "1/yr", 0, 1,
      "Speed at which the satisfaction of citizens who used no service this year follows what "
      "they see and hear in their area (slower than users' population.trust_response; modelling "
      "assumption)",
      "4 Submodels: satisfaction and trust", population.hearsay_response),
    G("population.failure_salience", Real, "index per share", 0, 5,
      "Trust target lost, for everyone in an area, per share of one of its services disrupted "
      "by a provider failure or termination (S003: trust in local authorities has declined; "
      "modelling assumption)",
      "4 Submodels: satisfaction and trust", population.failure_salience),
    G("population.cut_salience", Real, "index per share", 0, 5,
      "What non-users hear of their area's services lost per share of need levels its "
      "eligibility thresholds no longer fund (visible cuts; modelling assumption)",
      "4 Submodels: satisfaction and trust", population.cut_salience),
    G("population.area_age_spread", Real, "share", 0, 0.2,
      "Spread (sd) across areas of the share aged 65+; older areas also have more 45-64s (ONS "
      "mid-2017: English councils range from 6% to 33% aged 65+, sd about 0.045)",
      "3 Initialisation", population.area_age_spread),
    // --- commissioners ----------------------------------------------------------------
    G("commissioners.count", Integer, "commissioners", 1, 2000,
      "Commissioners (areas), each with its own budget", "3 Initialisation", commissioners.count),
    G("commissioners.size_dispersion", Real, "log sd", 0, 2,
      "Log-normal spread of area populations", "3 Initialisation", commissioners.size_dispersion),
    G("commissioners.capability", Real, "0-1", 0, 1,
      "Mean commissioning capability (intelligent customer)", "4 Submodels: tendering",
      commissioners.capability),
    G("commissioners.capability_spread", Real, "0-1", 0, 0.5,
      "Spread (sd) of capability across commissioners", "3 Initialisation",
      commissioners.capability_spread),
    G("commissioners.risk_appetite", Real, "0-1", 0, 1,
      "Mean risk appetite; low favours large incumbents", "4 Submodels: tendering",
      commissioners.risk_appetite),
    G("commissioners.risk_spread", Real, "0-1", 0, 0.5,
      "Spread (sd) of risk appetite across commissioners", "3 Initialisation",
      commissioners.risk_spread),
    G("commissioners.quality_noise", Real, "quality sd", 0, 2,
      "Noise in judging bid quality at capability 0 (falls linearly to 0 at capability 1)",
      "4 Submodels: tendering", commissioners.quality_noise),
    G("commissioners.monitoring_cost", Real, "share/yr", 0, 0.5,
      "Contract-management cost, share of contract value per year", "4 Submodels: contracts",
      commissioners.monitoring_cost),
    G("commissioners.termination_quality", Real, "0-1", 0, 1,
      "Observed delivered quality below which a contract is terminated", "4 Submodels: contracts",
      commissioners.termination_quality),
    G("commissioners.back_office_share", Real, "share", 0, 0.5,
      "Share of budget spent on back-office functions", "4 Submodels: collaboration",
      commissioners.back_office_share),
    G("commissioners.transition_cost", Real, "share", 0, 5,
      "One-off cost of taking a failed service in-house, share of annual value",
      "4 Submodels: provider failure", commissioners.transition_cost),
    G("commissioners.failure_disruption", Real, "share", 0, 1,
      "Share of a service lost in the year after its provider fails",
      "4 Submodels: provider failure", commissioners.failure_disruption),
    G("commissioners.termination_disruption", Real, "share", 0, 1,
      "Share of a service lost in the year after its contract is terminated",
      "4 Submodels: contracts", commissioners.termination_disruption),
    G("commissioners.termination_cost", Real, "share", 0, 5,
      "Transition cost of an early termination, as a share of a failure's "
      "(commissioners.transition_cost)",
      "4 Submodels: contracts", commissioners.termination_cost),
    G("commissioners.expectation_meet", Real, "share", 0, 1,
      "Share of the rise in the quality citizens expect (population.expectation_growth) that a "
      "commissioner pays its services to deliver; the rest is unmet and lowers satisfaction",
      "4 Submodels: satisfaction and trust", commissioners.expectation_meet),
    G("commissioners.expectation_cost", Real, "1/quality point", 0, 10,
      "Relative rise in a unit of service's cost per point (0-1 scale) of quality added to meet "
      "rising expectations (modelling assumption: at quality 0.6, 1.0 is a cost elasticity of "
      "0.6)",
      "4 Submodels: satisfaction and trust", commissioners.expectation_cost),
    // --- outcomes ----------------------------------------------------------------------
    G("outcomes.harm_rise", Real, "index/yr", 0, 1,
      "Lasting harm added (toward 1) in a year in which a level-3 need goes unserved, refused "
      "or waiting (modelling assumption)",
      "4 Submodels: outcomes and lasting harm", outcomes.harm_rise),
    G("outcomes.harm_decay", Real, "1/yr", 0, 1,
      "Share of lasting harm that fades in a year with no unserved level-3 need (0.2: a "
      "half-life of about 3 years; modelling assumption)",
      "4 Submodels: outcomes and lasting harm", outcomes.harm_decay),
    G("outcomes.harm_outcome", Real, "index", 0, 1,
      "Outcome index lost at lasting harm 1 (modelling assumption)",
      "4 Submodels: outcomes and lasting harm", outcomes.harm_outcome),
    G("outcomes.harm_mortality", Real, "ratio", 0, 10,
      "Relative rise in the yearly chance of death at lasting harm 1 (1: doubled; modelling "
      "assumption)",
      "4 Submodels: outcomes and lasting harm", outcomes.harm_mortality),
    G("outcomes.harm_onset", Real, "ratio", 0, 10,
      "Relative rise in need onset in every domain at lasting harm 1: escalation into other "
      "services (modelling assumption)",
      "4 Submodels: outcomes and lasting harm", outcomes.harm_onset),
    // --- budget ------------------------------------------------------------------------
    G("budget.initial_coverage", Real, "share", 0.05, 5,
      "First-year budget over the cost of meeting all initial need in-house", "3 Initialisation",
      budget.initial_coverage),
    G("budget.change_early", Real, "1/yr", -0.5, 0.5,
      "Real-terms budget change per year, first period (seed 003: -2.3%)", "4 Submodels: budgets",
      budget.change_early),
    G("budget.change_late", Real, "1/yr", -0.5, 0.5,
      "Real-terms budget change per year, second period (seed 003: -3.8%)", "4 Submodels: budgets",
      budget.change_late),
    G("budget.switch_year", Integer, "years", 0, 200,
      "Years after the start when the second period begins", "4 Submodels: budgets",
      budget.switch_year),
    // --- outsourcing --------------------------------------------------------------------
    G("outsourcing.in_house_bids", Boolean, "-", 0, 1,
      "The in-house unit may bid against outside providers", "4 Submodels: tendering",
      outsourcing.in_house_bids),
    G("outsourcing.contract_years", Integer, "years", 1, 30, "Contract length",
      "4 Submodels: tendering", outsourcing.contract_years),
    G("outsourcing.lot_size", Integer, "commissioners", 1, 2000,
      "Commissioners bundled into one lot", "4 Submodels: tendering", outsourcing.lot_size),
    G("outsourcing.price_weight", Real, "0-1", 0, 1,
      "Weight of price in the award score (quality has the rest)", "4 Submodels: tendering",
      outsourcing.price_weight),
    G("outsourcing.financial_standing", Real, "years of value", 0, 10,
      "Reserves a bidder must hold, as a multiple of annual lot value", "4 Submodels: tendering",
      outsourcing.financial_standing),
    G("outsourcing.bid_grant", Real, "GBP/bid", 0, 1e9,
      "Grant per bid to voluntary and SME bidders", "4 Submodels: tendering",
      outsourcing.bid_grant),
    T("outsourcing.excluded_provider", "name", "",
      "Provider barred from tendering, e.g. large_private-1 (empty: none)",
      "4 Submodels: tendering", outsourcing.excluded_provider),
    G("outsourcing.tender_cost", Real, "share", 0, 1,
      "Commissioner's cost of running a tender, share of annual value",
      "4 Submodels: transaction costs", outsourcing.tender_cost),
    G("outsourcing.bid_cost", Real, "share", 0, 1,
      "Bidder's cost of one bid, share of annual value", "4 Submodels: transaction costs",
      outsourcing.bid_cost),
    G("outsourcing.mobilisation_cost", Real, "share", 0, 1,
      "New provider's mobilisation cost, share of annual value", "4 Submodels: transaction costs",
      outsourcing.mobilisation_cost),
    G("outsourcing.incumbent_advantage", Real, "score", 0, 1, "Award-score bonus of the incumbent",
      "4 Submodels: tendering", outsourcing.incumbent_advantage),
    G("outsourcing.incumbent_erosion", Real, "1/round", 0, 1,
      "Share of the incumbent advantage lost each tender round", "4 Submodels: tendering",
      outsourcing.incumbent_erosion),
    G("outsourcing.inhouse_slack", Real, "share", 0, 2,
      "In-house cost above efficient cost before any competition", "4 Submodels: tendering",
      outsourcing.inhouse_slack),
    G("outsourcing.competitive_response", Real, "share", 0, 1,
      "Share of its slack an in-house unit sheds when its service is tendered",
      "4 Submodels: tendering", outsourcing.competitive_response),
    G("outsourcing.size_preference", Real, "score", 0, 1,
      "Award-score bonus to large firms at risk appetite 0", "4 Submodels: tendering",
      outsourcing.size_preference),
    G("outsourcing.bid_propensity", Real, "0-1", 0, 1,
      "Chance that a non-incumbent's bid team is free to bid for a tender it would bid for: "
      "noise for busy bid teams, not a decision (issue 17: the decision is on expected profit, "
      "bidding.*)",
      "4 Submodels: provider decisions", outsourcing.bid_propensity),
    G("outsourcing.volume_forecast", Real, "ratio", 0.1, 5,
      "Volume planned at award over the need then seen (TR: paid volumes 16-48% below plan)",
      "4 Submodels: contracts", outsourcing.volume_forecast),
    G("outsourcing.framework_size", Integer, "providers", 1, 4,
      "Providers admitted per area and domain where citizens choose (the best bids)",
      "4 Submodels: choice", outsourcing.framework_size),
    G("outsourcing.shading_scale", Real, "share", 0, 1,
      "Share of quality a provider with profit motive 1 withholds where nothing is contractible "
      "and nobody monitors (fitted to MRSA 2.28 vs 1.46)",
      "4 Submodels: contracts", outsourcing.shading_scale),
    G("outsourcing.distress_relief", Real, "share", 0, 5,
      "Policy limit on relief to a failing contractor, share of its year's contract income; "
      "relief is paid only when it keeps the contractor solvent and costs less than its failure "
      "(TR: 342m on 443m losses)",
      "4 Submodels: provider failure", outsourcing.distress_relief),
    G("outsourcing.relief_cushion", Real, "share", 0, 1,
      "Reserves a rescue (parent injection or relief) leaves, share of the year's income",
      "4 Submodels: provider failure", outsourcing.relief_cushion),
    G("outsourcing.in_house_rounds", Integer, "rounds", 0, 1000,
      "Tender rounds of a service in which its in-house unit may still bid (London buses: in-house "
      "operators sold after round one)",
      "4 Submodels: tendering", outsourcing.in_house_rounds),
    G("outsourcing.statutory_protection", Real, "share", 0, 1,
      "Share of statutory services' cost funded before any other domain; the rest competes pro "
      "rata",
      "4 Submodels: budgets", outsourcing.statutory_protection),
    G("outsourcing.exit_idle_years", Real, "years", 1, 50,
      "Years without a contract before a provider leaves the market",
      "4 Submodels: provider decisions", outsourcing.exit_idle_years),
    G("outsourcing.entry_rate", Real, "1/yr", 0, 100,
      "New entrants per year per provider type at a 10% margin", "4 Submodels: provider decisions",
      outsourcing.entry_rate),
    G("outsourcing.initial_rivals", Integer, "bids", 1, 100,
      "Bids a domain's bidders expect before its first tender (sets their first margins)",
      "4 Submodels: tendering", outsourcing.initial_rivals),
    G("outsourcing.rival_markup", Real, "-", 0, 100,
      "Superseded (issue 17): accepted for old scenarios, no effect; margins now follow the "
      "expected rivals as in a first-price auction (bidding.*)",
      "4 Submodels: bidding and pricing", outsourcing.rival_markup),
    G("outsourcing.pbr_target", Real, "share", 0.01, 1,
      "Outcome rate, share of the domain's best-case resolution rate, at which payment by results "
      "pays in full (an assumption: Work Programme minimum performance levels sat near 60-70% of "
      "what the best providers achieved)",
      "4 Submodels: contracts", outsourcing.pbr_target),
    G("outsourcing.pbr_cap", Real, "ratio", 1, 10,
      "Most a payment by results can reach, multiple of its full amount (outperformance is paid "
      "up to this cap)",
      "4 Submodels: contracts", outsourcing.pbr_cap),
    // --- mutuals ------------------------------------------------------------------------
    G("mutuals.right_to_provide", Boolean, "-", 0, 1, "In-house units may spin out as mutuals",
      "4 Submodels: mutualisation", mutuals.right_to_provide),
    G("mutuals.spinout_rate", Real, "1/yr", 0, 1,
      "Yearly rise in an in-house team's intent to apply to spin out, at engagement 1 and stance "
      "1; a team applies when its intent passes its readiness (uniform 0-1, drawn per attempt)",
      "4 Submodels: mutualisation", mutuals.spinout_rate),
    G("mutuals.protected_years", Integer, "years", 0, 30,
      "Years of direct award before open competition (seed 002: three)",
      "4 Submodels: mutualisation", mutuals.protected_years),
    G("mutuals.support_fund", Real, "GBP", 0, 1e12,
      "Total investment-readiness support (Mutuals Support Programme: 10e6)",
      "4 Submodels: mutualisation", mutuals.support_fund),
    G("mutuals.support_cap", Real, "GBP", 0, 1e12, "Most support any one mutual receives",
      "4 Submodels: mutualisation", mutuals.support_cap),
    G("mutuals.support_effect", Real, "x", 0, 20,
      "Extra business-case progress per year with the fund's support (investment readiness): an "
      "unsupported team backed by its commissioner builds at 1 / (1 + this) of the pace",
      "4 Submodels: mutualisation", mutuals.support_effect),
    G("mutuals.business_case_years", Integer, "years", 1, 20,
      "Years a supported team takes to build its business case (modelling assumption: the "
      "pathfinders of 2010 went live from 2011-12)",
      "4 Submodels: mutualisation", mutuals.business_case_years),
    G("mutuals.backing_stance", Real, "0-1", 0, 1,
      "Stance at or above which a commissioner backs an unfunded team itself; below it such a "
      "team stalls (modelling assumption)",
      "4 Submodels: mutualisation", mutuals.backing_stance),
    G("mutuals.stall_years", Integer, "years", 1, 30,
      "Years stalled after which a team abandons its spin-out (modelling assumption)",
      "4 Submodels: mutualisation", mutuals.stall_years),
    G("mutuals.standalone_cost", Real, "share", 0, 2,
      "Mean extra cost of running a service alone (pensions, insurance, own back office), share "
      "of turnover; revealed by the business case (set from the pathfinders: about a third of "
      "complete cases fail, as 4 of the 11 that had decided were abandoned)",
      "4 Submodels: mutualisation", mutuals.standalone_cost),
    G("mutuals.standalone_cost_sd", Real, "log sd", 0, 3,
      "Log-normal spread of that cost across teams", "4 Submodels: mutualisation",
      mutuals.standalone_cost_sd),
    G("mutuals.case_margin", Real, "share", -1, 1,
      "Expected margin at the in-house price a business case needs to go live; between 0 and "
      "this the case is not yet viable and the team stalls, below 0 it is abandoned",
      "4 Submodels: mutualisation", mutuals.case_margin),
    C("mutuals.governance", "-", "employee_led|multi_stakeholder|joint_venture",
      "Governance of new mutuals", "4 Submodels: mutualisation", mutuals.governance),
    G("mutuals.stance", Real, "0-1", 0, 1, "Commissioners' support for spin-outs",
      "4 Submodels: mutualisation", mutuals.stance),
    G("mutuals.level_playing_field", Boolean, "-", 0, 1,
      "Financial-standing threshold eased for spin-outs (by mutuals.standing_relief)",
      "4 Submodels: mutualisation", mutuals.level_playing_field),
    G("mutuals.standing_relief", Real, "share", 0, 1,
      "Spin-outs' financial-standing requirement under level_playing_field, share of the normal "
      "one",
      "4 Submodels: mutualisation", mutuals.standing_relief),
    G("mutuals.engagement_gain", Real, "0-1", 0, 1,
      "Engagement staff ownership adds to a spin-out's target: its engagement then moves there at "
      "engagement.adjustment a year (until issue 17 a one-off rise at the spin-out)",
      "4 Submodels: mutualisation", mutuals.engagement_gain),
    G("mutuals.productivity_gain", Real, "share per unit", 0, 0.5,
      "Extra unit-cost fall per unit of engagement gained by an employee-owned provider, on top of "
      "engagement.productivity (owners redesign services; until issue 17 a one-off cut of this "
      "times engagement at the spin-out)",
      "4 Submodels: mutualisation", mutuals.productivity_gain),
    G("mutuals.quality_gain", Real, "quality per unit", 0, 1,
      "Extra quality per unit of engagement gained by an employee-owned provider, on top of "
      "engagement.quality (modelling assumption)",
      "4 Submodels: mutualisation", mutuals.quality_gain),
    G("mutuals.stakeholder_productivity", Real, "share", 0, 1,
      "Share of mutuals.productivity_gain a multi-stakeholder mutual keeps (slower decisions with "
      "three constituencies; modelling assumption)",
      "4 Submodels: mutualisation", mutuals.stakeholder_productivity),
    G("mutuals.user_voice", Real, "quality per unit", 0, 1,
      "Quality a multi-stakeholder mutual gains at the spin-out per unit of engagement (users on "
      "the board, Glasman's thirds; modelling assumption)",
      "4 Submodels: mutualisation", mutuals.user_voice),
    G("mutuals.jv_engagement_share", Real, "share", 0, 1,
      "Share of mutuals.engagement_gain a joint venture's staff get (a private partner dilutes "
      "ownership; modelling assumption)",
      "4 Submodels: mutualisation", mutuals.jv_engagement_share),
    G("mutuals.initial_reserves", Real, "share", 0, 5,
      "A spin-out's own reserves at conversion, share of its turnover, besides any support "
      "(modelling assumption)",
      "4 Submodels: mutualisation", mutuals.initial_reserves),
    G("mutuals.partner_capital", Real, "share", 0, 5,
      "Capital a joint venture's private partner puts in at conversion, share of turnover "
      "(modelling assumption)",
      "4 Submodels: mutualisation", mutuals.partner_capital),
    // --- collaboration --------------------------------------------------------------------
    G("collaboration.shared_service_partners", Integer, "commissioners", 0, 2000,
      "Commissioners per shared back office (0 or 1: none)", "4 Submodels: collaboration",
      collaboration.shared_service_partners),
    G("collaboration.shared_service_start", Integer, "years", 0, 200,
      "Year the shared back offices begin", "4 Submodels: collaboration",
      collaboration.shared_service_start),
    G("collaboration.scale_elasticity", Real, "-", 0, 1,
      "Back-office cost falls as partners^-elasticity", "4 Submodels: collaboration",
      collaboration.scale_elasticity),
    G("collaboration.transition_cost", Real, "years of cost", 0, 10,
      "One-off transition cost, multiple of annual back-office cost", "4 Submodels: collaboration",
      collaboration.transition_cost),
    G("collaboration.transition_years", Integer, "years", 1, 20,
      "Years over which transition costs fall and savings ramp up", "4 Submodels: collaboration",
      collaboration.transition_years),
    G("collaboration.decision_cost", Real, "share/yr", 0, 1,
      "Decision cost per extra partner, share of back-office cost, doubled by a 0.1 spread in risk "
      "appetite",
      "4 Submodels: collaboration", collaboration.decision_cost),
    G("collaboration.overrun_sd", Real, "log sd", 0, 2,
      "Log-normal spread of transition-cost overruns", "4 Submodels: collaboration",
      collaboration.overrun_sd),
    G("collaboration.decision_years", Real, "years", 0, 10,
      "Years of deciding per extra partner, doubled by a 0.1 spread in risk appetite; the run "
      "rate is paid and nothing saved meanwhile (seed 001; 13 departments: about 2 years, the "
      "2011 strategy to SSCL in 2013)",
      "4 Submodels: collaboration", collaboration.decision_years),
    G("collaboration.block_spread", Real, "sd", 0, 1,
      "Spread (sd) of partners' risk appetites above which their decision is abandoned when due "
      "(modelling assumption: twice SSCL's 0.1, which did decide)",
      "4 Submodels: collaboration", collaboration.block_spread),
    G("collaboration.migration_horizon", Integer, "years", 1, 50,
      "Years of scale saving a partner weighs against the transition cost it plans for "
      "(modelling assumption: a five-year business case)",
      "4 Submodels: collaboration", collaboration.migration_horizon),
    G("collaboration.dissolve_years", Integer, "years", 1, 50,
      "Years of negative net benefit after which a partner leaves; fewer than two left "
      "dissolves the partnership (Tri-borough, 2018; modelling assumption)",
      "4 Submodels: collaboration", collaboration.dissolve_years),
    C("collaboration.risk_holder", "-", "lead|shared",
      "Who pays transition overruns: the lead partner or all", "4 Submodels: collaboration",
      collaboration.risk_holder),
    G("collaboration.pooled_budgets", Boolean, "-", 0, 1,
      "Allocate non-statutory money using the value map; each agency weighs only the spill-overs "
      "into its own domains (the wrong pocket) unless it pools (agency.*.pool_share)",
      "4 Submodels: collaboration", collaboration.pooled_budgets),
    G("collaboration.spillover_lag", Integer, "years", 1, 20,
      "Lag before spending in one domain changes demand in another", "4 Submodels: collaboration",
      collaboration.spillover_lag),
    G("collaboration.change_fund", Real, "share", 0, 0.5,
      "Share of each council's budget ring-fenced for prevention (it cannot fill gaps); it buys "
      "prevention in the domains named by domain.*.prevention_share",
      "4 Submodels: prevention", collaboration.change_fund),
    G("collaboration.prevention_effect", Real, "-", 0, 100,
      "Superseded (issue 18): accepted for old scenarios, no effect; the change fund's effect now "
      "depends on the money (domain.*.prevention_cost) and arrives after domain.*.prevention_lag",
      "4 Submodels: prevention", collaboration.prevention_effect),
    G("collaboration.data_lab", Boolean, "-", 0, 1, "Shared outcome data (Justice Data Lab)",
      "4 Submodels: collaboration", collaboration.data_lab),
    G("collaboration.data_lab_noise_cut", Real, "share", 0, 1,
      "Share of quality-observation noise the data lab removes", "4 Submodels: collaboration",
      collaboration.data_lab_noise_cut),
    G("collaboration.data_lab_learning", Real, "share", 0, 10,
      "Extra provider learning rate with the data lab", "4 Submodels: collaboration",
      collaboration.data_lab_learning),
    // --- capability: the intelligent customer (S000) ------------------------------------
    G("capability.dynamic", Boolean, "-", 0, 1,
      "Commissioning capability moves each year (false: fixed at its initial value)",
      "4 Submodels: commissioning capability", capability.dynamic),
    G("capability.erosion", Real, "1/yr", 0, 1,
      "Share of capability lost per year at an outsourced share of 1, as in-house expertise "
      "leaves (S000: the more you contract out, the more you need to be an intelligent customer)",
      "4 Submodels: commissioning capability", capability.erosion),
    G("capability.rebuild", Real, "1/yr per share", 0, 100,
      "Share of the gap to full capability closed per year per unit of monitoring intensity "
      "(monitoring spend / contract value) times the outsourced share",
      "4 Submodels: commissioning capability", capability.rebuild),
    G("capability.data_lab_gain", Real, "1/yr", 0, 1,
      "Share of the gap to full capability closed per year with the data lab (S000: Justice "
      "Data Lab)",
      "4 Submodels: commissioning capability", capability.data_lab_gain),
    G("capability.shading_deterrence", Real, "per share", 0, 1000,
      "Quality shading falls as 1 / (1 + this * monitoring intensity)",
      "4 Submodels: commissioning capability", capability.shading_deterrence),
    G("capability.detection", Real, "per share", 0, 1000,
      "Noise in observing delivered quality falls as 1 / (1 + this * monitoring intensity)",
      "4 Submodels: commissioning capability", capability.detection),
    // --- last resort: when a provider fails (BRIEF: Carillion) ---------------------------
    G("last_resort.step_in", Boolean, "-", 0, 1,
      "At a failure the commissioner chooses novation, emergency direct award or in-house "
      "(false: always in-house)",
      "4 Submodels: provider failure", last_resort.step_in),
    G("last_resort.absorb_share", Real, "share", 0, 100,
      "Most annual value a provider takes on at one failure, share of its turnover",
      "4 Submodels: provider failure", last_resort.absorb_share),
    G("last_resort.novation_cost", Real, "share", 0, 5,
      "One-off cost of novating a failed contract to another provider, share of annual value",
      "4 Submodels: provider failure", last_resort.novation_cost),
    G("last_resort.novation_disruption", Real, "share", 0, 1,
      "Share of a service lost in the year after novation", "4 Submodels: provider failure",
      last_resort.novation_disruption),
    G("last_resort.direct_award_cost", Real, "share", 0, 5,
      "One-off cost of an emergency direct award, share of annual value",
      "4 Submodels: provider failure", last_resort.direct_award_cost),
    G("last_resort.direct_award_disruption", Real, "share", 0, 1,
      "Share of a service lost in the year after an emergency direct award",
      "4 Submodels: provider failure", last_resort.direct_award_disruption),
    G("last_resort.direct_award_premium", Real, "share", 0, 5,
      "Emergency price above the provider's usual bid price", "4 Submodels: provider failure",
      last_resort.direct_award_premium),
    G("last_resort.direct_award_years", Integer, "years", 1, 50,
      "Length of an emergency direct award before make-or-buy again",
      "4 Submodels: provider failure", last_resort.direct_award_years),
    G("last_resort.disruption_weight", Real, "GBP/GBP", 0, 100,
      "Cost the commissioner puts on a share of a year's service lost, per GBP of annual value, "
      "when it chooses a route",
      "4 Submodels: provider failure", last_resort.disruption_weight),
    G("last_resort.closure_years", Integer, "years", 0, 1000,
      "Years a service is fully outsourced before its in-house unit closes (0: never)",
      "4 Submodels: provider failure", last_resort.closure_years),
    G("last_resort.rebuild_cost", Real, "share", 0, 5,
      "One-off cost of rebuilding a closed in-house unit, share of annual value",
      "4 Submodels: provider failure", last_resort.rebuild_cost),
    G("last_resort.rebuild_years", Integer, "years", 0, 50,
      "Years a rebuilt in-house unit delivers with extra disruption",
      "4 Submodels: provider failure", last_resort.rebuild_years),
    G("last_resort.rebuild_disruption", Real, "share", 0, 1,
      "Share of service lost in each year of a rebuild", "4 Submodels: provider failure",
      last_resort.rebuild_disruption),
    // --- capacity: [capacity] ------------------------------------------------------------
    G("capacity.headroom", Real, "share", 0, 5,
      "Capacity a provider plans above the load it expects, share of that load (assumption: "
      "NHS planning keeps occupancy near 85-90%)",
      "4 Submodels: capacity", capacity.headroom),
    G("capacity.hiring_lag", Integer, "years", 0, 4,
      "Years from deciding to hire to a trained unit of capacity delivering (assumption: "
      "recruitment plus induction and training of care and probation staff)",
      "4 Submodels: capacity", capacity.hiring_lag),
    G("capacity.hiring_cost", Real, "share", 0, 5,
      "Cost of recruiting and training one capacity unit, share of its unit-year cost; paid on "
      "hires beyond replacing normal leavers (assumption: recruitment and induction cost of a "
      "care worker, CIPD and Skills for Care estimates)",
      "4 Submodels: capacity", capacity.hiring_cost),
    G("capacity.max_hiring", Real, "share/yr", 0, 10,
      "Most a provider can hire in a year, share of its capacity (assumption)",
      "4 Submodels: capacity", capacity.max_hiring),
    G("capacity.hiring_floor", Real, "share/yr", 0, 10,
      "Further hiring possible in a year, share of the target capacity: lets an empty or closed "
      "unit restart (assumption)",
      "4 Submodels: capacity", capacity.hiring_floor),
    G("capacity.leaving", Real, "1/yr", 0, 1,
      "Share of staff who leave each year at engagement 1 (with engagement_leaving: 12% at "
      "engagement 0.5, NHS and local-authority social care leaver rates)",
      "4 Submodels: capacity", capacity.leaving),
    G("capacity.engagement_leaving", Real, "1/yr", 0, 1,
      "Extra yearly leaving at engagement 0 against engagement 1 (NHS staff survey: engagement "
      "predicts intention to leave; size an assumption)",
      "4 Submodels: capacity", capacity.engagement_leaving),
    G("capacity.pay_restraint", Real, "1/yr per share", 0, 20,
      "Extra yearly leaving per unit of real-terms budget cut that year (in-house units) or of "
      "loss on income (contractors): pay restraint (assumption)",
      "4 Submodels: capacity", capacity.pay_restraint),
    G("capacity.shed_rate", Real, "share/yr", 0, 1,
      "Share of capacity above target (after natural wastage) shed each year (assumption)",
      "4 Submodels: capacity", capacity.shed_rate),
    G("capacity.redundancy_cost", Real, "share", 0, 5,
      "Cost of shedding one capacity unit, share of its unit-year cost (assumption: about ten "
      "weeks' pay)",
      "4 Submodels: capacity", capacity.redundancy_cost),
    G("capacity.tupe_share", Real, "share", 0, 1,
      "Share of the capacity serving a service that moves with it to a new provider (TUPE 2006; "
      "some staff object or leave: assumption)",
      "4 Submodels: capacity", capacity.tupe_share),
    G("capacity.failure_transfer", Real, "share", 0, 1,
      "Share of a failed provider's capacity serving a service that moves with it (Carillion "
      "2018: about 60% of UK staff kept by new providers)",
      "4 Submodels: capacity", capacity.failure_transfer),
    G("capacity.redeploy_share", Real, "share", 0, 1,
      "Share of an external provider's other business (its size at entry) it can redeploy to "
      "contracts here, its bench (assumption)",
      "4 Submodels: capacity", capacity.redeploy_share),
    G("capacity.bid_cover", Real, "share", 0, 10,
      "Share of a lot's expected load a bidder must be able to deliver in its first year (spare "
      "capacity, a year's hiring, staff TUPE brings) to bid (assumption)",
      "4 Submodels: capacity", capacity.bid_cover),
    G("capacity.late_penalty", Real, "quality/share", 0, 5,
      "Observed quality a contractor loses in monitoring per unit of the eligible load it left "
      "waiting (assumption)",
      "4 Submodels: capacity", capacity.late_penalty),
    // --- staff engagement: [engagement] -------------------------------------------------
    G("engagement.adjustment", Real, "1/yr", 0, 1,
      "Share of the gap between a provider's engagement and its target closed each year "
      "(modelling assumption: staff survey scores move over a few years, not at once)",
      "4 Submodels: engagement", engagement.adjustment),
    G("engagement.security", Real, "engagement per unit", 0, 2,
      "Engagement target per unit of job security above 0.5 (contract years left; for an "
      "in-house unit, no threat of tender) (modelling assumption)",
      "4 Submodels: engagement", engagement.security),
    G("engagement.secure_years", Real, "years", 0, 50,
      "Contract years left at which a contractor's staff are half secure: security = years left "
      "/ (years left + this) (modelling assumption)",
      "4 Submodels: engagement", engagement.secure_years),
    G("engagement.pay_restraint", Real, "engagement per unit", 0, 20,
      "Engagement target lost per unit of squeeze: an in-house unit's real-terms budget cut, a "
      "contractor's loss on income (modelling assumption)",
      "4 Submodels: engagement", engagement.pay_restraint),
    G("engagement.finances", Real, "engagement per unit", 0, 2,
      "Engagement target per unit of reserve health: reserves over the type's usual reserves "
      "minus 1, clipped to [-1, 1] (modelling assumption)",
      "4 Submodels: engagement", engagement.finances),
    G("engagement.productivity", Real, "share per unit", 0, 1,
      "Unit-cost fall per unit of engagement gained, rise per unit lost, every provider "
      "(modelling assumption; direction: seed 002 white paper 6.15)",
      "4 Submodels: engagement", engagement.productivity),
    G("engagement.quality", Real, "quality per unit", 0, 1,
      "Quality gained per unit of engagement gained, lost per unit lost, every provider "
      "(direction: NHS staff survey, engagement predicts care quality; size a modelling "
      "assumption)",
      "4 Submodels: engagement", engagement.quality),
    // --- learning by doing: [learning] ----------------------------------------------------
    G("learning.cost_floor", Real, "x in-house", 0, 2,
      "Lowest unit cost, multiple of efficient in-house cost, that learning and engagement can "
      "bring a provider to (modelling assumption)",
      "4 Submodels: learning", learning.cost_floor),
    G("learning.engagement_base", Real, "-", 0, 5,
      "A delivering provider's unit cost falls each year by provider.*.learning_rate x (this + "
      "engagement) (modelling assumption)",
      "4 Submodels: learning", learning.engagement_base),
    G("learning.reinvest_cushion", Real, "share", 0, 5,
      "Reserves, share of turnover, an external provider keeps before retained surplus buys "
      "quality (modelling assumption)",
      "4 Submodels: learning", learning.reinvest_cushion),
    G("learning.reinvest_quality", Real, "quality", 0, 1,
      "Quality bought when retained surplus equals a year's turnover (modelling assumption)",
      "4 Submodels: learning", learning.reinvest_quality),
    G("learning.slack_creep", Real, "1/yr", 0, 1,
      "In-house slack regained each year while a unit delivers without competition, up to "
      "outsourcing.inhouse_slack (modelling assumption)",
      "4 Submodels: learning", learning.slack_creep),
    // --- the centre: [centre] ------------------------------------------------------------
    C("centre.settlement", "-", "flat|needs_based",
      "How the national settlement is shared: flat applies the budget trajectory to every "
      "commissioner alike; needs_based re-weights it each year towards each area's share of "
      "assessed need (seed 003: IFS, grant-dependent councils cut hardest)",
      "4 Submodels: the centre", centre.settlement),
    G("centre.needs_phase_in", Real, "share/yr", 0, 1,
      "Share of the gap between a commissioner's budget share and its needs-based share closed "
      "each year (damping: English settlements phase changes in over about four years)",
      "4 Submodels: the centre", centre.needs_phase_in),
    G("centre.emergency_funding", Boolean, "-", 0, 1,
      "The centre tops up a commissioner whose money cannot cover its statutory services "
      "(exceptional financial support, e.g. section 114 cases)",
      "4 Submodels: the centre", centre.emergency_funding),
    G("centre.emergency_cap", Real, "share", 0, 1,
      "Most emergency funding one commissioner receives in a year, share of its budget",
      "4 Submodels: the centre", centre.emergency_cap),
    G("centre.emergency_pot", Real, "share", 0, 1,
      "National emergency pot per year, share of all commissioners' budgets; shared pro rata "
      "to the statutory shortfalls when they exceed it",
      "4 Submodels: the centre", centre.emergency_pot),
    // --- initial market -------------------------------------------------------------------
    // --- make_or_buy ------------------------------------------------------------------------
    C("make_or_buy.mode", "-", "decide|draw",
      "How a contract end is decided: decide (the commissioner weighs in-house against the "
      "market, besides the centre's mandate domain.*.tender_share) or draw (the mandate draw "
      "alone, as before)",
      "4 Submodels: make-or-buy", make_or_buy.mode),
    G("make_or_buy.prior_price_ratio", Real, "x in-house cost", 0.1, 3,
      "Winning price over the in-house cost a commissioner expects before it has seen a tender "
      "(IfG 2019: recent outsourcing saves about 5-10%)",
      "4 Submodels: make-or-buy", make_or_buy.prior_price_ratio),
    G("make_or_buy.prior_weight", Real, "tenders", 0, 100,
      "Weight of that prior in the market memory, in tenders' worth (modelling assumption)",
      "4 Submodels: make-or-buy", make_or_buy.prior_weight),
    G("make_or_buy.memory_decay", Real, "1/yr", 0, 1,
      "Share of the market memory's weight (prices, bids, failures, observed quality) lost "
      "each year (modelling assumption)",
      "4 Submodels: make-or-buy", make_or_buy.memory_decay),
    G("make_or_buy.neighbours", Integer, "commissioners", 0, 2000,
      "Commissioners on each side (by id) whose tenders and failures a commissioner also sees",
      "4 Submodels: make-or-buy", make_or_buy.neighbours),
    G("make_or_buy.neighbour_weight", Real, "-", 0, 1,
      "Weight of a neighbour's experience against the commissioner's own (modelling assumption)",
      "4 Submodels: make-or-buy", make_or_buy.neighbour_weight),
    G("make_or_buy.thin_bids", Real, "bids", 0, 100,
      "Expected bids below which a market counts as thin (London buses: 7 bids fell to 3; "
      "tagging: two capable firms)",
      "4 Submodels: make-or-buy", make_or_buy.thin_bids),
    G("make_or_buy.thin_premium", Real, "share/yr", 0, 5,
      "Risk premium of a market with no expected bids at risk appetite 0, share of annual value; "
      "falls linearly to 0 at thin_bids and scales with 1 - risk_appetite (seed 002)",
      "4 Submodels: make-or-buy", make_or_buy.thin_premium),
    G("make_or_buy.min_bidders", Integer, "providers", 0, 1000,
      "Capable bidders below which a commissioner keeps or brings the service in-house "
      "(seed 000: tagging, only two capable firms)",
      "4 Submodels: make-or-buy", make_or_buy.min_bidders),
    // --- performance ------------------------------------------------------------------------
    G("performance.weight", Real, "0-1", 0, 1,
      "Weight of a provider's observed record in the quality its bid is judged on, at full "
      "confidence in the record (past performance in award; modelling assumption)",
      "4 Submodels: performance record", performance.weight),
    G("performance.strike_penalty", Real, "score", 0, 5,
      "Award score lost per remembered failure or early termination (decaying)",
      "4 Submodels: performance record", performance.strike_penalty),
    G("performance.bar_years", Integer, "years", 0, 100,
      "Years after a failure or early termination in which the provider may not bid to that "
      "commissioner (PCR 2015 reg. 57(8)(g), 57(11): exclusion for at most 3 years)",
      "4 Submodels: performance record", performance.bar_years),
    G("performance.decay", Real, "1/yr", 0, 1,
      "Share of a provider's record (observations, failures, terminations) forgotten each year",
      "4 Submodels: performance record", performance.decay),
    G("performance.bid_polish", Real, "quality", 0, 1,
      "Judged quality added per unit of bid-writing skill (MODEL_BRIEF: large firms win more "
      "bids than their quality alone justifies)",
      "4 Submodels: tendering", performance.bid_polish),
    G("market.large_private", Integer, "providers", 0, 1000,
      "Large private firms in the market at the start", "3 Initialisation", market.large_private),
    G("market.sme", Integer, "providers", 0, 10000, "SMEs in the market at the start",
      "3 Initialisation", market.sme),
    G("market.voluntary", Integer, "providers", 0, 10000,
      "Voluntary and community organisations at the start", "3 Initialisation", market.voluntary),
    G("market.reserve_spread", Real, "log sd", 0, 5,
      "Spread (sd of log) of reserves across providers at entry, around the type's level",
      "3 Initialisation", market.reserve_spread),
    G("market.cost_spread", Real, "share", 0, 1,
      "Spread (sd) of unit cost across providers at entry, share of the type's", "3 Initialisation",
      market.cost_spread),
    G("market.cost_floor", Real, "x in-house", 0.01, 10,
      "Lowest unit cost a provider starts with, multiple of efficient in-house cost",
      "3 Initialisation", market.cost_floor),
    // --- failure that spreads: [failure] and [subcontracting] --------------------------------
    G("failure.walk_away", Real, "x margin", 0, 1000,
      "Most a parent group injects in a year, multiple of the margin its subsidiary's remaining "
      "contracts are expected to earn; above it the parent walks away",
      "4 Submodels: provider failure", failure.walk_away),
    G("subcontracting.max_share", Real, "share", 0, 1,
      "Most of a lot's units a prime (large firm, joint venture) passes to a subcontractor",
      "4 Submodels: provider failure", subcontracting.max_share),
    G("subcontracting.pass_down", Real, "share", 0, 1,
      "Share of the prime's payment-by-results share passed down on the subcontracted part",
      "4 Submodels: provider failure", subcontracting.pass_down),
    G("subcontracting.prime_fee", Real, "share", 0, 1,
      "Management fee the prime keeps, share of the price of the part it passes on",
      "4 Submodels: provider failure", subcontracting.prime_fee),
    G("subcontracting.unpaid_share", Real, "years", 0, 1,
      "Share of a year's subcontract income left unpaid when the prime fails (Carillion: "
      "120-day terms)",
      "4 Submodels: provider failure", subcontracting.unpaid_share),
    // --- difficulty: how hard citizens are to help -------------------------------------------
    G("difficulty.groups", TextList, "names", 1, kMaxDifficultyGroups,
      "Difficulty groups: how hard citizens are to help; every difficulty list has one value "
      "per group, in this order (the /difficulty_group axis of the result file)",
      "4 Submodels: difficulty", difficulty.groups),
    G("difficulty.share", RealList, "share", 0, 1,
      "Share of the population in each group (sums to 1); a citizen's group is drawn at birth "
      "and kept for life (modelling assumption)",
      "4 Submodels: difficulty", difficulty.share),
    G("difficulty.ease", RealList, "x", 0, 10,
      "Multiplier on the chance that service resolves a need, per group (modelling assumption; "
      "below 1 for those hardest to help)",
      "4 Submodels: difficulty", difficulty.ease),
    G("difficulty.cost", RealList, "x", 0.01, 10,
      "Multiplier on the capacity and cost of serving a need, per group", "4 Submodels: difficulty",
      difficulty.cost),
    G("difficulty.pbr_payment", RealList, "x", 0, 10,
      "Multiplier on the outcome payment per need resolved, per group (differential pricing "
      "for the hardest to help)",
      "4 Submodels: difficulty", difficulty.pbr_payment),
    // --- waiting lists -------------------------------------------------------------------------
    C("waiting.order", "-", "first_come_first_served|by_need",
      "Whom a service short of capacity serves first, as the contract says: the longest waiting "
      "or the highest need",
      "4 Submodels: waiting lists", waiting.order),
    G("waiting.congestion_weeks", Real, "weeks", 0, 52,
      "Weeks of queueing per unit of rho/(1-rho) at utilisation rho (Kingman's approximation)",
      "4 Submodels: waiting lists", waiting.congestion_weeks),
    G("waiting.max_utilisation", Real, "share", 0.5, 0.999,
      "Utilisation at which the congestion wait is capped", "4 Submodels: waiting lists",
      waiting.max_utilisation),
    G("waiting.escalation", Real, "x per year", 0, 10,
      "Multiplier on a need's escalation chance per year spent waiting",
      "4 Submodels: waiting lists", waiting.escalation),
    G("waiting.dissatisfaction", Real, "0-1 per year", 0, 1,
      "Satisfaction target lost per year spent waiting", "4 Submodels: waiting lists",
      waiting.dissatisfaction),
    G("waiting.give_up", Real, "1/yr", 0, 1,
      "Chance per year that a person with a low need gives up the list, at trust 0",
      "4 Submodels: waiting lists", waiting.give_up),
    // --- creaming and parking --------------------------------------------------------------
    G("creaming.strength", Real, "-", 0, 10,
      "Weight a provider paid by results puts on the cases that pay (creaming) over those that "
      "do not (parking), at PbR share 1 and profit motive 1",
      "4 Submodels: creaming and parking", creaming.strength),
    // --- bidding: pricing and bid/no-bid on expected profit (agents/bidding.cpp) ---------------
    G("bidding.cost_uncertainty", Real, "share", 0, 1,
      "Spread (sd) of a bidder's estimate of its cost for a service it does not deliver now, "
      "share of its true cost; the incumbent knows its cost (modelling assumption; NAO on "
      "aggressive bidding and the winner's curse)",
      "4 Submodels: bidding and pricing", bidding.cost_uncertainty),
    G("bidding.curse_correction", Real, "share", 0, 2,
      "Share of the expected winner's curse (cost_uncertainty x sqrt(2 ln N)) a bidder adds back "
      "to its estimate, per unit of bid-writing skill (modelling assumption)",
      "4 Submodels: bidding and pricing", bidding.curse_correction),
    G("bidding.cost_of_capital", Real, "1/yr", 0, 1,
      "Cost to a bidder of waiting a year for the PbR part of its income, share of it per year "
      "(modelling assumption: a commercial cost of capital)",
      "4 Submodels: bidding and pricing", bidding.cost_of_capital),
    G("bidding.pbr_sd", Real, "ratio", 0, 5,
      "Spread (sd) of the outcome ratio a PbR contract pays on, as a bidder prices it "
      "(modelling assumption; TR and Work Programme outcomes varied widely around plan); primes "
      "and subcontractors price passed-down risk with it too",
      "4 Submodels: bidding and pricing", bidding.pbr_sd),
    G("bidding.volume_sd", Real, "share", 0, 5,
      "Spread (sd) of volumes against plan, share of planned volume, as a bidder prices it "
      "(TR: paid volumes 16-48% below plan; modelling assumption)",
      "4 Submodels: bidding and pricing", bidding.volume_sd),
    G("bidding.risk_aversion", Real, "-", 0, 100,
      "Risk premium = risk_aversion x variance (share of value, squared) x lot value / risk "
      "capacity (reserves + parent backing): mean-variance pricing with risk tolerance equal to "
      "risk capacity (modelling assumption; 0.5 is the mean-variance certainty equivalent); also "
      "the premium primes and subcontractors weigh",
      "4 Submodels: bidding and pricing", bidding.risk_aversion),
    G("bidding.max_premium", Real, "share", 0, 10,
      "Most risk premium a bidder charges, share of cost; a bidder whose premium would be higher "
      "cannot carry the risk and does not bid (modelling assumption)",
      "4 Submodels: bidding and pricing", bidding.max_premium),
    G("bidding.sunk_share", Real, "share", 0, 5,
      "Set-up a new contract sinks, share of a year's fixed cost, recovered over the contract's "
      "years with the bid and mobilisation costs (modelling assumption)",
      "4 Submodels: bidding and pricing", bidding.sunk_share),
    G("bidding.buy_in", Real, "share", 0, 1,
      "Price cut, share of cost, of a profit-motivated bidder with no contract in the domain, "
      "where its risk capacity covers the loss (low-balling to buy in; NAO 2013, 2016 warn of it; "
      "the size is a modelling assumption)",
      "4 Submodels: bidding and pricing", bidding.buy_in),
    G("bidding.price_ceiling", Real, "x current price", 0.1, 10,
      "Most a bidder asks, multiple of what the service costs the commissioner now (contract "
      "price, or in-house cost with slack): above it, it does not bid, it could not win "
      "(modelling assumption)",
      "4 Submodels: bidding and pricing", bidding.price_ceiling),
    G("bidding.abnormal_gap", Real, "share", 0, 1,
      "Scrutiny of abnormally low tenders: an external bid priced more than this, divided by the "
      "lead commissioner's capability, below its in-house unit's cost without slack is rejected "
      "(public procurement rules allow it; NAO on weak commercial capability; the size is a "
      "modelling assumption; 0: no scrutiny)",
      "4 Submodels: bidding and pricing", bidding.abnormal_gap),
    // --- entry: new providers and drift exit (agents/market.cpp) ----------------------------
    G("entry.drift_exit", Real, "1/yr", 0, 1,
      "Chance per year that an external provider with no contract that has never bid here "
      "leaves for other markets (modelling assumption)",
      "4 Submodels: provider decisions", entry.drift_exit),
    G("entry.margin_years", Integer, "years", 1, 50,
      "Years of external providers' margins entrants look back on (modelling assumption)",
      "4 Submodels: provider decisions", entry.margin_years),
    G("entry.default_margin", Real, "share", -1, 1,
      "Margin entrants assume before any year is recorded (modelling assumption)",
      "4 Submodels: provider decisions", entry.default_margin),
    G("entry.reference_margin", Real, "share", 0.001, 1,
      "Margin at which entry runs at outsourcing.entry_rate per unit of opportunity "
      "(modelling assumption)",
      "4 Submodels: provider decisions", entry.reference_margin),
    G("entry.opportunity_divisor", Real, "services", 0.01, 1000,
      "Typical services' worth of value tendered in a year that makes opportunity 1 "
      "(modelling assumption)",
      "4 Submodels: provider decisions", entry.opportunity_divisor),
    G("entry.opportunity_cap", Real, "-", 0, 1000,
      "Most the opportunity factor can be (modelling assumption)",
      "4 Submodels: provider decisions", entry.opportunity_cap),
    G("entry.large_firm_factor", Real, "-", 0, 100,
      "Entry rate of large firms, multiple of that of SMEs and voluntary organisations "
      "(modelling assumption)",
      "4 Submodels: provider decisions", entry.large_firm_factor),
    // --- output ---------------------------------------------------------------------------
    G("output.provider_panel", Boolean, "-", 0, 1,
      "Write every provider's state every year (/panels/providers)", "5 Observation",
      output.provider_panel),
    G("output.citizen_sample", Integer, "citizens", 0, 100000,
      "Citizens per replicate written as a panel (/panels/citizens)", "5 Observation",
      output.citizen_sample),
    // --- per domain: [domain.NAME] ----------------------------------------------------------
    D("domain.*.statutory", Boolean, "-", 0, 1, "Statutory duty: funded before other domains",
      "4 Submodels: budgets", statutory),
    D("domain.*.onset", Real, "1/yr", 0, 1, "Chance per year a need arises (age weight 1)",
      "4 Submodels: needs", onset),
    D("domain.*.age_weights", AgeWeights, "-", 0, 100,
      "Onset multipliers for ages 0-17, 18-44, 45-64, 65-84, 85+", "4 Submodels: needs",
      age_weights),
    D("domain.*.escalation", Real, "1/yr", 0, 1, "Chance per year an unserved need rises a level",
      "4 Submodels: needs", escalation),
    D("domain.*.resolution", Real, "1/yr", 0, 1,
      "Chance per year a need served at quality 1 falls a level", "4 Submodels: needs", resolution),
    D("domain.*.natural_resolution", Real, "1/yr", 0, 1,
      "Chance per year an unserved need falls a level", "4 Submodels: needs", natural_resolution),
    D("domain.*.unit_cost", Real, "GBP/unit-yr", 1, 1e7,
      "Efficient in-house cost of one need-level unit for a year", "4 Submodels: budgets",
      unit_cost),
    D("domain.*.contractibility", Real, "0-1", 0, 1,
      "How far quality can be specified and enforced in a contract", "4 Submodels: contracts",
      contractibility),
    D("domain.*.tender_share", Real, "share", 0, 1,
      "Chance the service is put to tender by mandate (the centre's push) at each contract end; "
      "in make_or_buy.mode decide the commissioner may also choose to tender",
      "4 Submodels: tendering", tender_share),
    D("domain.*.pbr_share", Real, "share", 0, 1, "Share of contract income paid by results",
      "4 Submodels: contracts", pbr_share),
    D("domain.*.end_contracts_year", Integer, "calendar year", 0, 9999,
      "The centre ends every contract in the domain at the start of this year, whatever its "
      "remaining term, and each goes back to make-or-buy (TR: CRC contracts ended 14 months "
      "early, NAO 2019); 0: never",
      "4 Submodels: tendering", end_contracts_year),
    D("domain.*.choice", Boolean, "-", 0, 1,
      "Personal budgets: citizens choose among the framework's providers and switch when "
      "dissatisfied",
      "4 Submodels: choice", choice),
    D("domain.*.outcome_weight", Real, "-", 0, 100,
      "Weight of the domain in the citizen outcome index", "5 Observation", outcome_weight),
    D("domain.*.agency", Text, "name", 0, 0,
      "Who pays for the domain: \"council\" (the councils, each in its own area) or the name of "
      "a national department declared with an [agency.NAME] table, which pays for it in every "
      "area",
      "4 Submodels: agencies", agency_name),
    D("domain.*.spillover_lag", Integer, "years", 0, 20,
      "Years before service received in other domains lowers this domain's onset (0: "
      "collaboration.spillover_lag); e.g. early mental-health support and benefit claims",
      "4 Submodels: collaboration", spillover_lag),
    D("domain.*.prevention_share", Real, "share", 0, 1,
      "Share of the change fund buying prevention in this domain (shares are normalised over "
      "the named domains; collaboration.change_fund needs at least one)",
      "4 Submodels: prevention", prevention_share),
    D("domain.*.prevention_cost", Real, "GBP/onset", 1, 1e8,
      "Prevention money per need onset averted at the first pound; returns diminish as the "
      "money approaches the expected onsets (modelling assumption, scaled to early-intervention "
      "programme costs of a few thousand pounds per family, Early Intervention Foundation 2016, "
      "of which not every family would have developed the need)",
      "4 Submodels: prevention", prevention_cost),
    D("domain.*.prevention_lag", Integer, "years", 0, 20,
      "Years from the change fund's spending to the onsets it averts (children's early "
      "intervention pays off years later, seed 001)",
      "4 Submodels: prevention", prevention_lag),
    ParamSpec{
        "domain.*.spillover.*", ParamType::Real, ParamScope::Spillover, "-", -10, 10,
        "Value map: reduction in this domain's onset per unit served share of the source domain",
        "4 Submodels: collaboration", "",
        [](Parameters& p,
           int i) -> ParamRef { return &p.domains[i / kMaxDomains].spillover[i % kMaxDomains]; }},
    // --- per agency: [agency.NAME] (a national department; "council" is the councils) --------
    A("agency.*.pool_share", Real, "share", 0, 1,
      "Share of the agency's money in each area put in a pool with the councils, allocated by "
      "the value map over the pooled agencies' domains (joint commissioning; a department's "
      "share of Better Care Fund-style pooling is a policy choice)",
      "4 Submodels: agencies", pool_share),
    A("agency.*.change_early", Real, "1/yr", -0.5, 0.5,
      "A department's real-terms national budget change per year, first period (default: "
      "budget.change_early)",
      "4 Submodels: agencies", budget.change_early),
    A("agency.*.change_late", Real, "1/yr", -0.5, 0.5,
      "A department's real-terms national budget change per year, second period (default: "
      "budget.change_late)",
      "4 Submodels: agencies", budget.change_late),
    A("agency.*.switch_year", Integer, "years", 0, 200,
      "Years after the start when a department's second period begins (default: "
      "budget.switch_year)",
      "4 Submodels: agencies", budget.switch_year),
    // --- per provider type: [provider.TYPE] ----------------------------------------------------
    P("provider.*.unit_cost", Real, "x in-house", 0.1, 10,
      "Unit cost as a multiple of efficient in-house cost", "4 Submodels: providers", unit_cost),
    P("provider.*.quality", Real, "0-1", 0, 1, "Mean true quality of service",
      "4 Submodels: providers", quality),
    P("provider.*.quality_spread", Real, "0-1", 0, 0.5,
      "Spread (sd) of true quality across providers of the type", "3 Initialisation",
      quality_spread),
    P("provider.*.reserves", Real, "years of turnover", 0, 10, "Initial financial reserves",
      "3 Initialisation", reserves),
    P("provider.*.bid_skill", Real, "0-1", 0, 1, "How much better bids look than the service is",
      "4 Submodels: tendering", bid_skill),
    P("provider.*.markup", Real, "share", -0.5, 2,
      "Least margin on cost a provider of the type bids at (its margin rises where few rivals "
      "are expected)",
      "4 Submodels: provider decisions", markup),
    P("provider.*.distribution", Real, "share", 0, 1,
      "Share of surplus paid out rather than reinvested", "4 Submodels: providers", distribution),
    P("provider.*.profit_motive", Real, "0-1", 0, 1,
      "Propensity to shade quality that the contract cannot specify", "4 Submodels: contracts",
      profit_motive),
    P("provider.*.engagement", Real, "0-1", 0, 1,
      "Staff engagement at entry and the type's baseline in the target engagement moves towards",
      "4 Submodels: engagement", engagement),
    P("provider.*.learning_rate", Real, "1/yr", 0, 0.5,
      "Unit-cost reduction per year of delivery, times (learning.engagement_base + engagement): "
      "the rate itself at engagement 0.5; in-house units learn too (from issue 17)",
      "4 Submodels: learning", learning_rate),
    P("provider.*.max_growth", Real, "x turnover", 0.1, 1e6,
      "Largest lot it can take on, as a multiple of its turnover",
      "4 Submodels: provider decisions", max_growth),
    P("provider.*.size", Real, "x service value", 0, 1000,
      "Other business of a new provider, as a multiple of a typical service's yearly value",
      "4 Submodels: provider decisions", size),
    P("provider.*.fixed_cost_share", Real, "share", 0, 1,
      "Share of planned contract cost that does not fall with volume", "4 Submodels: providers",
      fixed_cost_share),
    P("provider.*.parent_backing", Real, "years of turnover", 0, 10,
      "What its parent group will inject over its life to keep it solvent, years of its turnover "
      "at entry",
      "4 Submodels: provider failure", parent_backing),
};

#undef G
#undef T
#undef C
#undef D
#undef P
#undef A

/// Parameters a commissioner may hold its own value of: each is read, by the rule that acts
/// for one commissioner, through Market::policy_of (budgets, funding, make-or-buy, contract
/// terms, monitoring, failure, spin-outs). Everything else is national.
constexpr std::string_view kPerCommissioner[] = {
    "budget.change_early",
    "budget.change_late",
    "budget.switch_year",
    "commissioners.monitoring_cost",
    "commissioners.termination_quality",
    "commissioners.termination_disruption",
    "commissioners.termination_cost",
    "commissioners.transition_cost",
    "commissioners.failure_disruption",
    "commissioners.expectation_meet",
    "commissioners.expectation_cost",
    "outsourcing.statutory_protection",
    "mutuals.right_to_provide",
    "mutuals.spinout_rate",
    "mutuals.stance",
    "domain.*.tender_share",
    "domain.*.pbr_share",
    // the commissioner's own decisions (agents/make_or_buy.cpp, performance.cpp, capability.cpp,
    // last_resort.cpp read them through Market::policy_of)
    "make_or_buy.mode",
    "make_or_buy.prior_price_ratio",
    "make_or_buy.prior_weight",
    "make_or_buy.memory_decay",
    "make_or_buy.neighbours",
    "make_or_buy.neighbour_weight",
    "make_or_buy.thin_bids",
    "make_or_buy.thin_premium",
    "make_or_buy.min_bidders",
    "performance.weight",
    "performance.strike_penalty",
    "performance.bar_years",
    "performance.decay",
    "performance.bid_polish",
    "capability.dynamic",
    "capability.erosion",
    "capability.rebuild",
    "capability.data_lab_gain",
    "capability.shading_deterrence",
    "capability.detection",
    "last_resort.step_in",
    "last_resort.absorb_share",
    "last_resort.novation_cost",
    "last_resort.novation_disruption",
    "last_resort.direct_award_cost",
    "last_resort.direct_award_disruption",
    "last_resort.direct_award_premium",
    "last_resort.direct_award_years",
    "last_resort.disruption_weight",
    "last_resort.closure_years",
    "last_resort.rebuild_cost",
    "last_resort.rebuild_years",
    "last_resort.rebuild_disruption",
};

std::vector<std::string_view> split_dots(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

int index_of(const std::vector<std::string>& names, std::string_view n) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == n) return static_cast<int>(i);
  return -1;
}

int provider_type_index(std::string_view n) {
  for (int t = 0; t < kProviderTypes; ++t)
    if (n == kProviderTypeNames[t]) return t;
  return -1;
}

std::string format_double(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
  }
  char buf[64];  // shortest text that reads back as the same double
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  std::string out(buf, end);
  if (out.find_first_of(".eEn") == std::string::npos) out += ".0";  // keep TOML floats floats
  return out;
}

}  // namespace

std::vector<std::string_view> choice_names(std::string_view names) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t bar = names.find('|', start);
    out.push_back(names.substr(start, bar - start));
    if (bar == std::string_view::npos) return out;
    start = bar + 1;
  }
}

bool acts_per_commissioner(const ParamSpec& spec) {
  for (auto key : kPerCommissioner)
    if (key == spec.key) return true;
  return false;
}

std::vector<std::string_view> per_commissioner_keys() {
  return {std::begin(kPerCommissioner), std::end(kPerCommissioner)};
}

/// Parameters described under a submodel but read only when the world is built.
constexpr std::string_view kReadAtStart[] = {
    "collaboration.shared_service_partners",  // partnerships formed once
    "collaboration.overrun_sd",               // each partnership's overrun drawn once
    "collaboration.decision_years",           // when each partnership's decision is due
    "outsourcing.initial_rivals",             // markups before the first tender
    "mutuals.support_fund",                   // the fund's size at the start
    "commissioners.capability",               // each commissioner's starting capability
    "commissioners.risk_appetite",            // each commissioner's, drawn once
    "commissioners.back_office_share",        // back-office cost set once from the budget
    // Trends stated from the first year: a new value mid-run would re-base the whole path
    // (life expectancy would jump), not continue it.
    "population.life_expectancy",
    "population.longevity_gain",
    "population.expectation_growth",
    // Who belongs to which group is drawn at birth and kept for life, and the groups are an
    // axis of the result file: a timeline entry cannot rename, add or re-weight them.
    "difficulty.groups",
    "difficulty.share",
    // Dated itself: a timeline entry could only set a year already past or to come.
    "domain.*.end_contracts_year",
    // Who pays is resolved once, at load: the agencies' books split the budgets at the start.
    "domain.*.agency",
};

bool fixed_for_run(const ParamSpec& spec) {
  for (auto key : kReadAtStart)
    if (key == spec.key) return true;
  return spec.odd_section == "1 Overview" || spec.odd_section == "3 Initialisation" ||
         spec.odd_section == "7 Details: stochasticity" || spec.key.starts_with("output.");
}

std::span<const ParamSpec> parameter_table() {
  return kTable;
}

const ParamSpec* find_param(std::string_view key, const std::vector<std::string>& domains,
                            int* index, const std::vector<std::string>* agencies) {
  const auto parts = split_dots(key);
  for (const auto& spec : kTable) {
    const auto pat = split_dots(spec.key);
    if (pat.size() != parts.size()) continue;
    bool ok = true;
    int idx = 0;
    for (std::size_t i = 0; i < pat.size() && ok; ++i) {
      if (pat[i] != "*") {
        ok = pat[i] == parts[i];
        continue;
      }
      if (spec.scope == ParamScope::ProviderType) {
        idx = provider_type_index(parts[i]);
        ok = idx >= 0;
      } else if (spec.scope == ParamScope::Agency) {
        idx = agencies ? index_of(*agencies, parts[i]) : -1;
        ok = idx >= 0;
      } else if (spec.scope == ParamScope::Spillover && i == 3) {
        const int src = index_of(domains, parts[i]);
        ok = src >= 0;
        idx = idx * kMaxDomains + src;
      } else {
        idx = index_of(domains, parts[i]);
        ok = idx >= 0;
      }
    }
    if (ok) {
      if (index) *index = idx;
      return &spec;
    }
  }
  return nullptr;
}

std::vector<std::string> concrete_keys(const std::vector<std::string>& domains,
                                       const std::vector<std::string>& agencies) {
  std::vector<std::string> keys;
  for (const auto& spec : kTable) {
    const std::string k(spec.key);
    switch (spec.scope) {
      case ParamScope::Global:
        keys.push_back(k);
        break;
      case ParamScope::Domain:
        for (const auto& d : domains) keys.push_back("domain." + d + k.substr(8));
        break;
      case ParamScope::Spillover:
        for (const auto& d : domains)
          for (const auto& s : domains) keys.push_back("domain." + d + ".spillover." + s);
        break;
      case ParamScope::ProviderType:
        for (const char* t : kProviderTypeNames)
          keys.push_back(std::string("provider.") + t + k.substr(10));
        break;
      case ParamScope::Agency:
        for (const auto& a : agencies) keys.push_back("agency." + a + k.substr(8));
        break;
    }
  }
  return keys;
}

std::string format_value(const ParamRef& ref) {
  struct V {
    std::string operator()(double* v) const { return format_double(*v); }
    std::string operator()(int* v) const { return std::to_string(*v); }
    std::string operator()(std::int64_t* v) const { return std::to_string(*v); }
    std::string operator()(bool* v) const { return *v ? "true" : "false"; }
    std::string operator()(std::string* v) const {
      std::string out = "\"";
      for (char c : *v) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      return out + "\"";
    }
    std::string operator()(ChoiceRef v) const {
      std::string out = "\"";  // appended, not `"\"" + name`: GCC 12 warns falsely on that
      out.append(choice_names(v.names).at(*v.index));
      return out + "\"";
    }
    std::string operator()(std::array<double, kAgeBands>* v) const {
      std::string out = "[";
      for (int i = 0; i < kAgeBands; ++i) out += (i ? ", " : "") + format_double((*v)[i]);
      return out + "]";
    }
    std::string operator()(std::vector<double>* v) const {
      std::string out = "[";
      for (std::size_t i = 0; i < v->size(); ++i) out += (i ? ", " : "") + format_double((*v)[i]);
      return out + "]";
    }
    std::string operator()(std::vector<std::string>* v) const {
      std::string out = "[";
      for (std::size_t i = 0; i < v->size(); ++i) out += (i ? ", " : "") + (*this)(&(*v)[i]);
      return out + "]";
    }
  };
  return std::visit(V{}, ref);
}

std::string default_text(const ParamSpec& spec) {
  Parameters p;
  switch (spec.scope) {
    case ParamScope::Global:
      return format_value(spec.ref(p, 0));
    case ParamScope::Domain:
      p.domains.resize(1);
      return format_value(spec.ref(p, 0));
    case ParamScope::Spillover:
      return "0.0";
    case ParamScope::Agency:
      return format_value(spec.ref(p, 0));
    case ParamScope::ProviderType: {
      std::string out;
      for (int t = 0; t < kProviderTypes; ++t)
        out +=
            std::string(t ? ", " : "") + kProviderTypeNames[t] + "=" + format_value(spec.ref(p, t));
      return out;
    }
  }
  return "";
}

namespace {

std::string quoted(const std::string& s) {
  std::string text = s;
  return format_value(&text);
}

std::string name_list(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + quoted(names[i]);
  return out + "]";
}

}  // namespace

std::string policy_toml(const Parameters& p) {
  std::ostringstream out;
  std::vector<std::string> groups;
  for (const auto& c : p.policy_changes) {
    if (c.group.empty() || std::find(groups.begin(), groups.end(), c.group) != groups.end())
      continue;
    groups.push_back(c.group);
    out << "\n[group." << quoted(c.group) << "]\nmembers = " << name_list(c.commissioners) << "\n";
  }
  for (const auto& c : p.policy_changes) {
    out << "\n[[timeline]]  # " << c.origin << "\nyear = " << p.run.start_year + c.from_year
        << "\n";
    if (!c.group.empty())
      out << "group = " << quoted(c.group) << "\n";
    else if (!c.commissioners.empty())
      out << "commissioners = " << name_list(c.commissioners) << "\n";
    out << "set = {";
    for (std::size_t k = 0; k < c.settings.size(); ++k)
      out << (k ? ", " : "") << quoted(c.settings[k].first) << " = " << c.settings[k].second;
    out << "}\n";
  }
  return out.str();
}

std::string resolved_toml(const Parameters& params) {
  Parameters p = params;  // refs need a mutable object; we only read
  std::ostringstream out;
  std::string section;
  auto emit = [&](const std::string& key, const std::string& value) {
    const auto dot = key.rfind('.');
    const std::string table = key.substr(0, dot);
    if (table != section) {
      out << (section.empty() ? "" : "\n") << "[" << table << "]\n";
      section = table;
    }
    out << key.substr(dot + 1) << " = " << value << "\n";
  };
  std::vector<std::string> domains;
  for (const auto& d : p.domains) domains.push_back(d.name);
  for (const auto& spec : kTable) {
    const std::string k(spec.key);
    switch (spec.scope) {
      case ParamScope::Global:
        emit(k, format_value(spec.ref(p, 0)));
        break;
      case ParamScope::ProviderType:
        break;
      case ParamScope::Domain:
      case ParamScope::Spillover:
      case ParamScope::Agency:
        break;
    }
  }
  for (std::size_t k = 1; k < p.agencies.size(); ++k)
    for (const auto& spec : kTable)
      if (spec.scope == ParamScope::Agency)
        emit("agency." + p.agencies[k].name + std::string(spec.key.substr(8)),
             format_value(spec.ref(p, static_cast<int>(k))));
  for (int t = 0; t < kProviderTypes; ++t)
    for (const auto& spec : kTable)
      if (spec.scope == ParamScope::ProviderType)
        emit("provider." + std::string(kProviderTypeNames[t]) + std::string(spec.key.substr(10)),
             format_value(spec.ref(p, t)));
  for (std::size_t d = 0; d < domains.size(); ++d) {
    for (const auto& spec : kTable)
      if (spec.scope == ParamScope::Domain)
        emit("domain." + domains[d] + std::string(spec.key.substr(8)),
             format_value(spec.ref(p, static_cast<int>(d))));
    for (std::size_t s = 0; s < domains.size(); ++s)
      if (p.domains[d].spillover[s] != 0.0)
        emit("domain." + domains[d] + ".spillover." + domains[s],
             format_double(p.domains[d].spillover[s]));
  }
  out << policy_toml(p);
  return out.str();
}

}  // namespace quasim
