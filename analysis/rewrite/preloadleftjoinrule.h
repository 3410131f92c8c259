// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// Incident B (seed 004): a page query, then a preload that repeats it inside IN (...):
//   SELECT ... FROM projects ... ORDER BY ... LIMIT 20;
//   SELECT MAX(pa.access_level), pa.project_id FROM project_authorizations pa
//   WHERE pa.user_id = X AND pa.project_id IN (SELECT projects.id FROM projects ... LIMIT 20) GROUP BY pa.project_id
// becomes ONE statement: the page query with
//   LEFT OUTER JOIN project_authorizations AS <fresh alias> ON <alias>.project_id = projects.id AND <alias>.user_id = X
// selecting <alias>.access_level. The alias collides with no name of the page query (the membership variant
// already joins project_authorizations: a second unaliased join fails with 42712 DuplicateAlias).
// Relies on at most one row per (user_id, project_id); when the catalog cannot prove it, the LATERAL variant
// keeps MAX().
class PreloadLeftJoinRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("preload-left-join"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
