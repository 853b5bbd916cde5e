package api

import "innkeep/app"

// Messages returns the translations of the API's own messages (bad
// requests, unknown paths, sign-in); English sits with each message where
// it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{}
