package company

import "innkeep/app"

// Messages returns the translations of this package's messages; English
// sits with each message where it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{
	"kind.company_profile": "公司或旅行社资料",

	// Words.
	"company.kind_company":       "公司",
	"company.kind_travel_agent":  "旅行社",
	"company.field_name":         "公司或旅行社名称",
	"company.field_contact_name": "联系人姓名",

	// A profile's details.
	"company.not_utf8":                   "资料必须是有效的 UTF-8 文本",
	"company.kind_invalid":               "“{kind}”不是有效的资料类型；请使用 company（公司）或 travel_agent（旅行社）",
	"company.name_length":                "名称须为 1 至 {max} 个字符",
	"company.tax_id_invalid":             "税号只能包含字母 A–Z、数字、空格、“-”、“.”和“/”（最多 {max} 个字符），“{tax_id}”不符合",
	"company.address_too_long":           "地址最多 {max} 个字符",
	"company.address_control_characters": "地址除换行和制表符外不能包含控制字符",
	"company.contact_name_too_long":      "联系人姓名最多 {max} 个字符",
	"company.phone_invalid":              "电话号码只能包含数字、空格、“+”、“-”和括号（最多 {max} 个字符）",
	"company.email_invalid":              "“{email}”不是有效的电子邮件地址",
	"company.commission_invalid":         "佣金须为 0 至 {max} 个基点（0 至 100%），不能是 {value}",
	"company.commission_for_agents":      "只有旅行社才有佣金；公司的佣金请填 0",
	"company.notes_too_long":             "备注最多 {max} 个字符",
	"company.notes_control_characters":   "备注除换行和制表符外不能包含控制字符",
	"company.rate_plan_not_of_hotel":     "价格计划“{id}”不是本酒店的价格计划",
	"company.name_taken":                 "已有名为“{name}”的{kind}",
	"company.name_taken_archived":        "已有一个名为“{name}”的{kind}被归档；请改为取消归档",
	"company.search_too_long":            "搜索最多 {max} 个字符",

	// Profiles on bookings.
	"company.not_of_hotel": "{kind}“{id}”不是本酒店的资料",
	"company.wrong_kind":   "“{name}”是{is}，不是{want}",
	"company.archived":     "“{name}”已归档：请先取消归档再用它预订",
	"company.in_use":       "预订 {code} 关联了“{name}”；请改为归档该资料",
}
