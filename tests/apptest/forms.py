"""Filling the need form in an AppTest as a delegate does: a territory, then
every judgement (the form starts empty)."""


def fill_need(
    at,
    form: str,
    title: str,
    *,
    municipi=(3,),
    area="isolamento",
    target="anziani_soli",
    intensity=4,
    trend="in_crescita",
    source="esperienza_diretta",
):
    next(w for w in at.multiselect if w.label == "Municipi" and not w.form_id).set_value(list(municipi))
    at.run()
    inside = lambda kind, label: next(  # noqa: E731
        w for w in getattr(at, kind) if w.form_id == form and w.label.startswith(label)
    )
    inside("text_input", "Titolo").input(title)
    inside("selectbox", "Area di bisogno").set_value(area)
    inside("selectbox", "Destinatari").set_value(target)
    inside("radio", "Intensità").set_value(intensity)
    inside("radio", "Andamento").set_value(trend)
    inside("selectbox", "Tipo di fonte").set_value(source)
    return at
