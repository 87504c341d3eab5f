package web

import (
	"net/http"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// usersPage is the data of static/tmpl/admin_users.html (admins only): the accounts, the
// add form, and a freshly generated password shown once.
type usersPage struct {
	adminPage
	Users    []survey.User
	Name     string
	Role     string
	Password string // shown once after add or reset
	For      string
}

func renderUsers(c echo.Context, st survey.Store, v *view.Engine, p usersPage, status int) error {
	users, err := st.Users(c.Request().Context())
	if err != nil {
		return err
	}
	p.Users, p.Tab = users, "users"
	if p.Role == "" {
		p.Role = string(survey.RoleOrganiser)
	}
	return adminRender(v, c, status, "admin_users", p)
}

// handleUsers shows GET /admin/users.
func handleUsers(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		return renderUsers(c, st, v, usersPage{adminPage: newAdminPage(v, c)}, http.StatusOK)
	}
}

// handleUserAdd creates an account with a generated password (POST /admin/users) and
// shows the password once. The page is not cached (no-store).
func handleUserAdd(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := usersPage{adminPage: newAdminPage(v, c), Name: strings.TrimSpace(c.FormValue("name")), Role: c.FormValue("role")}
		pw := GeneratePassword()
		u, err := st.CreateUser(c.Request().Context(), p.Name, survey.Role(p.Role), HashPassword(pw))
		if err != nil {
			if !userError(err) {
				return err
			}
			p.Errs.AddErr(p.Lang, err)
			return renderUsers(c, st, v, p, http.StatusUnprocessableEntity)
		}
		p.Password, p.For, p.Name, p.Role = pw, u.Name, "", ""
		p.Flash = v.T(p.Lang, "org.users.added", u.Name)
		return renderUsers(c, st, v, p, http.StatusOK)
	}
}

// handleUserAction handles POST /admin/users/{name}/passwd (new generated password, shown
// once; the account is signed out everywhere) and /admin/users/{name}/disable (on=1|0).
// Admins cannot disable themselves.
func handleUserAction(st survey.Store, v *view.Engine, action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := usersPage{adminPage: newAdminPage(v, c)}
		name := c.Param("name")
		ctx := c.Request().Context()
		switch action {
		case "passwd":
			pw := GeneratePassword()
			u, err := st.SetPassword(ctx, name, HashPassword(pw))
			if err != nil {
				return err
			}
			p.Password, p.For = pw, u.Name
			p.Flash = v.T(p.Lang, "org.users.reset", u.Name)
			return renderUsers(c, st, v, p, http.StatusOK)
		case "disable":
			on := c.FormValue("on") == "1"
			if on && strings.EqualFold(name, p.User.Name) {
				p.Errs.Add("", v.T(p.Lang, "org.users.not_self"))
				return renderUsers(c, st, v, p, http.StatusUnprocessableEntity)
			}
			if _, err := st.SetUserDisabled(ctx, name, on); err != nil {
				return err
			}
		}
		return adminDone(c, "/admin/users", "saved")
	}
}
