// SPDX-License-Identifier: MIT
#include "rewriterule.h"

#include "anyarrayrule.h"
#include "castjoinkeyrule.h"
#include "approximatecountrule.h"
#include "createindexrule.h"
#include "createstatisticsrule.h"
#include "createtrigramindexrule.h"
#include "daterangerule.h"
#include "distincttoexistsrule.h"
#include "keysetpaginationrule.h"
#include "lateraljoinrule.h"
#include "notexistsrule.h"
#include "ortounionrule.h"
#include "prefetchanyarrayrule.h"
#include "preloadleftjoinrule.h"
#include "unionallrule.h"

namespace PlanLens {

const QList<std::shared_ptr<const RewriteRule>> &rewriteRules()
{
    static const QList<std::shared_ptr<const RewriteRule>> rules {
        std::make_shared<PrefetchAnyArrayRule>(), // incident A
        std::make_shared<PreloadLeftJoinRule>(), // incident B
        std::make_shared<NotExistsRule>(),
        std::make_shared<LateralJoinRule>(),
        std::make_shared<UnionAllRule>(),
        std::make_shared<KeysetPaginationRule>(),
        std::make_shared<AnyArrayRule>(),
        std::make_shared<CreateIndexRule>(),
        std::make_shared<DateRangeRule>(),
        std::make_shared<CreateStatisticsRule>(),
        std::make_shared<OrToUnionRule>(),
        std::make_shared<ApproximateCountRule>(),
        std::make_shared<CreateTrigramIndexRule>(),
        std::make_shared<CastJoinKeyRule>(),
        std::make_shared<DistinctToExistsRule>(),
    };
    return rules;
}

} // namespace PlanLens
