package booking

import "innkeep/app"

// Messages returns the translations of this package's messages; English
// sits with each message where it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{
	// Words: reservation statuses and housekeeping, as messages show them.
	"booking.status_tentative":   "暂留",
	"booking.status_confirmed":   "已确认",
	"booking.status_checked_in":  "在住",
	"booking.status_checked_out": "已退房",
	"booking.status_cancelled":   "已取消",
	"booking.status_no_show":     "未到",
	"booking.housekeeping_dirty": "待清洁",

	// Stays, parties and dates.
	"booking.check_in_not_date":            "入住日期“{date}”不是有效日期（YYYY-MM-DD）",
	"booking.check_out_not_date":           "退房日期“{date}”不是有效日期（YYYY-MM-DD）",
	"booking.check_out_not_after_check_in": "退房日期（{check_out}）必须晚于入住日期（{check_in}）：至少入住一晚",
	"booking.stay_too_long":                "一次入住最多 {max} 晚",
	"booking.check_in_in_past":             "入住日期 {check_in} 已过（酒店营业日期为 {business_date}）",
	"booking.check_in_beyond_horizon":      "入住日期 {check_in} 太远：{hotel}只接受 {last} 及之前抵店的预订（营业日期后 {days} 天内）",
	"booking.not_a_date":                   "“{date}”不是有效日期（YYYY-MM-DD）",
	"booking.no_adult":                     "每间房至少需要一位成人",
	"booking.party_size":                   "成人数须为 1 至 {max_adults}，儿童数须为 0 至 {max_children}",
	"booking.over_capacity":                "房型“{room_type}”最多可住 {adults} 位成人和 {children} 位儿童",
	"booking.rate_plan_refuses":            "价格计划“{rate_plan}”不允许此次入住（{reasons}）",
	"booking.no_room_free":                 "房型“{room_type}”在 {night} 没有空房",

	// Booking.
	"booking.walk_in_not_today":          "散客当天入住：入住日期须为营业日期 {business_date}",
	"booking.walk_in_tentative":          "散客不能做暂留预订",
	"booking.room_n":                     "第 {room} 间房：{error}",
	"booking.room_count":                 "一个预订须有 1 至 {max} 间房",
	"booking.room_needs_type_and_plan":   "第 {room} 间房需要房型（room_type_id）和价格计划（rate_plan_id）",
	"booking.same_room_twice":            "本预订的第 {first} 间房和第 {second} 间房是同一个房间",
	"booking.status_not_bookable":        "状态须为 confirmed（已确认）或 tentative（暂留）",
	"booking.hold_minutes":               "暂留时长（hold_minutes）须为 0 至 {max} 分钟",
	"booking.unknown_channel":            "来源渠道“{channel}”不在以下范围内：{channels}",
	"booking.ota_needs_name":             "OTA 预订需填写 OTA 名称（source.ota）",
	"booking.text_too_long":              "OTA 名称（source.ota）最多 60 个字符，特殊要求（special_requests）最多 2000 个字符",
	"booking.needs_guest":                "预订需要宾客：已有宾客的 ID 或新宾客的姓名",
	"booking.room_type_not_found":        "本酒店没有房型“{id}”",
	"booking.room_type_not_of_hotel":     "“{id}”不是本酒店的房型",
	"booking.rate_plan_not_of_room_type": "“{id}”不是房型“{room_type}”的价格计划",
	"booking.room_not_of_hotel":          "“{id}”不是本酒店的房间",
	"booking.room_of_other_type":         "{room} 房不是所订房型",
	"booking.room_out_of_order":          "{room} 房在 {night} 维修停用",
	"booking.room_taken":                 "{room} 房在 {night} 已被占用",
	"booking.idempotency_key_too_long":   "Idempotency-Key 超过 200 个字符",
	"booking.idempotency_key_reused":     "此 Idempotency-Key 已用于另一个请求",

	// Reservations: change, cancel, confirm, assign, check in and out, no-show.
	"booking.reservation_not_found":     "未找到预订“{id}”",
	"booking.unknown_status":            "未知状态“{status}”",
	"booking.cursor_invalid":            "“{cursor}”不是此列表中的位置，请从第一页重新开始",
	"booking.hold_expired":              "暂留已过期，请重新预订",
	"booking.hold_expired_at":           "暂留已于 {at} 过期，请重新预订",
	"booking.in_house_change":           "宾客已入住：只能修改离店日期、入住人数和特殊要求（换房请用“分配房间”）",
	"booking.cannot_change":             "{status}的预订不能修改",
	"booking.new_room_type_needs_plan":  "更换房型时需选择该房型的价格计划（rate_plan_id）",
	"booking.special_requests_too_long": "特殊要求（special_requests）最多 2000 个字符",
	"booking.in_house_departure":        "在住宾客的离店日期不能早于明天（{tomorrow}）；请改为办理退房",
	"booking.reason_too_long":           "原因最多 500 个字符",
	"booking.cannot_cancel":             "{status}的预订不能取消",
	"booking.cancellation_fee_changed":  "取消费现为 {fee}，而不是 {expected}；请重新预览",
	"booking.confirm_not_tentative":     "只有暂留的预订才能确认；此预订状态为{status}",
	"booking.assign_needs_room":         "分配房间需要指定房间（room_id），原因最多 500 个字符",
	"booking.holds_no_room":             "{status}的预订不占用房间",
	"booking.override_reason_too_long":  "仍然使用的原因最多 500 个字符",
	"booking.cannot_check_in":           "{status}的预订不能办理入住",
	"booking.not_arrival_date":          "此预订的入住日期为 {check_in}，当前营业日期为 {business_date}",
	"booking.room_not_clean":            "{room} 房状态为{housekeeping}；请选择已清洁的房间，或填写仍然使用的原因",
	"booking.no_clean_room":             "此房型没有已清洁的空房；请选择一间并填写仍然使用的原因",
	"booking.no_room_for_stay":          "此房型没有整个住期都空闲的房间",
	"booking.check_out_not_in_house":    "只有在住宾客才能办理退房；此预订状态为{status}",
	"booking.cannot_no_show":            "{status}的预订不能标记为未到",
	"booking.not_due_yet":               "宾客应于 {check_in} 到店，晚于营业日期 {business_date}",

	// Night audit, tape chart, demo hotel.
	"booking.business_date_not_date": "营业日期“{date}”不是有效日期（YYYY-MM-DD）",
	"booking.audit_too_early":        "营业日期为 {business_date}，尚不能对 {date} 进行夜审",
	"booking.chart_range":            "房态图的日期范围：{error}",
	"booking.chart_too_long":         "房态图最多显示 {max} 天",
	"booking.range":                  "日期范围：{error}",
	"booking.demo_needs_every_hotel": "只有可查看所有酒店的用户才能添加酒店",
	"booking.demo_loaded":            "演示酒店已加载",

	// Policies, fees and reinstating.
	"booking.change_fee_changed":     "改签费现为 {fee}，不是 {expected}；请重新查看此次修改",
	"booking.reinstate_needs_reason": "恢复预订须填写原因（最多 500 个字符）",
	"booking.cannot_reinstate":       "只有已取消或未到的预订可以恢复；此预订为{status}",
	"booking.reinstate_stay_over":    "此次入住已于 {check_out} 结束，早于营业日期 {business_date}：没有可恢复的夜晚",

	// Price control (price.go).
	"booking.price_reason_required":    "改价需要填写原因",
	"booking.price_reason_too_long":    "原因最多 {max} 个字符",
	"booking.price_nothing":            "改价需要填写每晚价格、整段总价、免费晚数或折扣",
	"booking.price_nights_and_total":   "每晚价格和整段总价只能填写其一",
	"booking.price_two_discounts":      "折扣金额和折扣百分比只能填写其一",
	"booking.price_percent":            "折扣百分比须为 0 至 100",
	"booking.price_out_of_range":       "价格和折扣每晚须为 0 至 {max}",
	"booking.price_night_twice":        "{date} 这一晚重复填写",
	"booking.price_night_not_in_stay":  "{date} 不是本次入住的夜晚",
	"booking.price_night_slept":        "{date} 这一晚已入住，价格不能更改",
	"booking.price_total_below_slept":  "整段总价 {total} 低于已入住夜晚的价格（{slept}）",
	"booking.price_no_night_to_change": "本次入住没有可以改价的夜晚",
	"booking.price_discount_too_large": "折扣 {amount} 超过了适用夜晚的价格（{total}）",
	"booking.price_total_changed":      "新总价将为 {total}，而不是 {expected}；请重新预览",
	"booking.price_cannot_change":      "{status}的预订不能改价",
}
